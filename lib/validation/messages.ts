import { z } from "zod";
import { msg } from "@/lib/i18n/message";

/**
 * Messages for people wherever a schema gives none: zod's own ("Too big: expected string to have
 * <=200 characters", "Invalid input", "Unrecognized keys") never reach a user. Each is a `msg()`
 * of `messages/<locale>/validation.json`, rendered in the reader's language when the action
 * answers (readable-errors.ts). Installed once, by importing this module (text.ts does).
 */
export function plainMessage(issue: z.core.$ZodRawIssue): string {
  const v = (code: string, params?: Record<string, string | number>) => msg(`validation.${code}`, params);
  const num = (x: unknown) => Number(x);
  switch (issue.code) {
    case "too_big": {
      const max = num(issue.maximum);
      if (issue.origin === "string") return v("max_chars", { max });
      if (issue.origin === "array" || issue.origin === "set") return v("max_items", { max });
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return issue.inclusive === false ? v("less_than", { max }) : v("at_most", { max });
      return v("too_large", { max });
    }
    case "too_small": {
      const min = num(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? v("required") : v("min_chars", { min });
      if (issue.origin === "array" || issue.origin === "set")
        return min <= 1 ? v("choose_one") : v("min_items", { min });
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return issue.inclusive === false ? v("more_than", { min }) : v("at_least", { min });
      return v("too_small", { min });
    }
    case "invalid_type": {
      if (issue.input === undefined) return v("required");
      switch (issue.expected) {
        case "string":
          return v("enter_text");
        case "number":
          return v("enter_number");
        case "int":
          return v("enter_whole_number");
        case "boolean":
          return v("choose_yes_no");
        case "array":
          return v("expected_list");
        case "object":
        case "record":
          return v("expected_group");
        default:
          return v("invalid");
      }
    }
    case "unrecognized_keys":
      return v("unknown_fields", { count: issue.keys.length, keys: issue.keys.map((k) => `"${k}"`).join(", ") });
    case "invalid_format":
      switch (issue.format) {
        case "uuid":
        case "guid":
          return v("choose_valid_item");
        case "url":
          return v("enter_url");
        case "email":
          return v("enter_email");
        case "date":
          return v("enter_date");
        default:
          return v("bad_format");
      }
    case "invalid_value": {
      const choices = issue.values.map((x) => String(x));
      return choices.length === 1
        ? v("must_be", { value: choices[0] as string })
        : v("choose_of", { values: choices.join(", ") });
    }
    case "invalid_key":
      return v("invalid_name");
    case "invalid_element":
      return v("invalid_entry");
    case "not_multiple_of":
      return v("multiple_of", { divisor: num(issue.divisor) });
    default:
      return v("invalid");
  }
}

z.config({ customError: (issue) => plainMessage(issue) });
