import type { ChosenValues } from "./types";

/**
 * `{Name}` placeholders in a command template. `${NAME}` (shell parameter syntax) is not a
 * placeholder, nor is `{` followed by anything but an identifier (awk's `{print $1}`).
 */
const PLACEHOLDER = /(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function placeholders(command: string): string[] {
  return [...new Set([...command.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

export function unknownPlaceholders(command: string, defined: Iterable<string>): string[] {
  const known = new Set(defined);
  return placeholders(command).filter((name) => !known.has(name));
}

export const MASK = "••••••";

/** Environment variable that carries a placeholder's value to the shell. */
export function envName(name: string): string {
  return `OPSDESK_VAR_${name}`;
}

function joinValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/**
 * The script to hand to `sh -c` and the environment carrying the values. Values never pass
 * through the shell's parser: each `{Name}` becomes a parameter expansion of its own environment
 * variable, written for the quoting context it stands in (`"${V}"` bare, `${V}` inside double
 * quotes, `'"${V}"'` inside single quotes). An expansion's result is never re-read as shell
 * syntax, so `"; rm -rf /`, `$(…)`, backticks and newlines stay plain text.
 */
export function shellScript(
  command: string,
  values: ChosenValues,
  internal: Record<string, string>,
): { script: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  let script = "";
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === "\\" && quote !== "'") {
      script += ch + (command[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === "'" && quote !== '"') quote = quote === "'" ? null : "'";
    else if (ch === '"' && quote !== "'") quote = quote === '"' ? null : '"';
    else if (ch === "{" && command[i - 1] !== "$") {
      const match = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(command.slice(i));
      if (match) {
        const name = match[1] as string;
        const variable = envName(name);
        env[variable] = name in internal ? (internal[name] ?? "") : joinValue(values[name]);
        script += quote === '"' ? `\${${variable}}` : quote === "'" ? `'"\${${variable}}"'` : `"\${${variable}}"`;
        i += match[0].length - 1;
        continue;
      }
    }
    script += ch;
  }
  return { script, env };
}

/** The command as people see it: chosen values in, internal values masked. */
export function previewCommand(command: string, values: ChosenValues, internalNames: Iterable<string>): string {
  const hidden = new Set(internalNames);
  return command.replace(PLACEHOLDER, (_m, name: string) => (hidden.has(name) ? MASK : joinValue(values[name])));
}
