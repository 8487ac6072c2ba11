import { z } from "zod";

/**
 * Messages for people wherever a schema gives none: zod's own ("Too big: expected string to have
 * <=200 characters", "Invalid input", "Unrecognized keys") never reach a user. Installed once, by
 * importing this module (lib/validation/text.ts does).
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string {
  const n = (v: unknown) => Number(v).toLocaleString("en-US");
  switch (issue.code) {
    case "too_big": {
      const max = n(issue.maximum);
      if (issue.origin === "string") return `At most ${max} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${max} items.`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return issue.inclusive === false ? `Less than ${max}.` : `At most ${max}.`;
      return `Too large (at most ${max}).`;
    }
    case "too_small": {
      const min = n(issue.minimum);
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Required." : `At least ${min} characters.`;
      if (issue.origin === "array" || issue.origin === "set")
        return Number(issue.minimum) <= 1 ? "Choose at least one." : `At least ${min} items.`;
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return issue.inclusive === false ? `More than ${min}.` : `At least ${min}.`;
      return `Too small (at least ${min}).`;
    }
    case "invalid_type": {
      if (issue.input === undefined) return "Required.";
      switch (issue.expected) {
        case "string":
          return "Enter text.";
        case "number":
        case "int":
          return issue.expected === "int" ? "Enter a whole number." : "Enter a number.";
        case "boolean":
          return "Choose yes or no.";
        case "array":
          return "Expected a list.";
        case "object":
        case "record":
          return "Expected a group of fields.";
        default:
          return "This value is not valid.";
      }
    }
    case "unrecognized_keys": {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      return issue.keys.length === 1
        ? `Unknown field ${keys}: it is not part of this form.`
        : `Unknown fields ${keys}: they are not part of this form.`;
    }
    case "invalid_format":
      switch (issue.format) {
        case "uuid":
        case "guid":
          return "Choose a valid item.";
        case "url":
          return "Enter a valid URL.";
        case "email":
          return "Enter a valid email address.";
        case "date":
          return "Enter a date (YYYY-MM-DD).";
        default:
          return "Not in the expected format.";
      }
    case "invalid_value": {
      const choices = issue.values.map((v) => String(v));
      return choices.length === 1 ? `Must be ${choices[0]}.` : `Choose one of: ${choices.join(", ")}.`;
    }
    case "invalid_union":
      return "This value is not valid.";
    case "invalid_key": {
      const inner = issue.issues[0];
      return `Invalid name${inner?.message ? `: ${lowerFirst(inner.message)}` : "."}`;
    }
    case "invalid_element":
      return "An entry is not valid.";
    case "not_multiple_of":
      return `Must be a multiple of ${n(issue.divisor)}.`;
    default:
      return "This value is not valid.";
  }
}

export function lowerFirst(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message[0]?.toLowerCase() + message.slice(1) : message;
}

z.config({ customError: (issue) => plainMessage(issue) });
