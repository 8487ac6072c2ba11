/**
 * Allowed patterns of optional variables (no server imports: the template editor uses them too).
 * A value must match its variable's pattern entirely, at submit and again at execution, so that a
 * value reaching a shell twice (`sh -c "echo {V}"`, `ssh host "…"`) can be held to a safe shape and
 * a value starting with `-` cannot pass for an option.
 */
export const PATTERN_PRESETS = {
  hostname: {
    name: "hostname",
    hint: "example.com, db-1.internal",
    source:
      "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
  },
  semver: {
    name: "semantic version",
    hint: "1.4.2, 2.0.0-rc.1",
    source:
      "(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?",
  },
  gitRef: {
    name: "git ref",
    hint: "main, release/1.4, v1.4.2, a 40-digit commit",
    // git check-ref-format, narrowed to plain characters: no leading - or /, no .., //, @{, no .lock or trailing . or /.
    source: "(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*@\\{)(?!.*\\.lock$)(?!.*[./]$)[A-Za-z0-9._/@+-]{1,200}",
  },
  identifier: {
    name: "identifier",
    hint: "letters, digits and _, not starting with a digit",
    source: "[A-Za-z_][A-Za-z0-9_]*",
  },
} as const;

export type PatternPreset = keyof typeof PATTERN_PRESETS;
export const PRESET_NAMES = Object.keys(PATTERN_PRESETS) as [PatternPreset, ...PatternPreset[]];

/** A preset, or an admin's regular expression with an optional name people read in refusals. */
export type VariablePattern = { preset: PatternPreset } | { regex: string; name?: string };

/** How refusals call the pattern: "hostname", or the admin's name for it, or the expression itself. */
export function patternName(pattern: VariablePattern): string {
  if ("preset" in pattern) return PATTERN_PRESETS[pattern.preset].name;
  return pattern.name?.trim() || `/${pattern.regex}/`;
}

/** The whole-value expression of a pattern; throws on an invalid custom expression. */
export function patternRegExp(pattern: VariablePattern): RegExp {
  const source = "preset" in pattern ? PATTERN_PRESETS[pattern.preset].source : pattern.regex;
  return new RegExp(`^(?:${source})$`, "u");
}

/** Why a custom expression cannot be used, or null. */
export function regexProblem(regex: string): string | null {
  try {
    new RegExp(`^(?:${regex})$`, "u");
    return null;
  } catch (error) {
    return `Not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, "")}).`;
  }
}

export function matchesPattern(pattern: VariablePattern, value: string): boolean {
  try {
    return patternRegExp(pattern).test(value);
  } catch {
    return false; // an expression that no longer compiles lets nothing through
  }
}

/**
 * The refusal for chosen values against the variables' patterns, or null. Names the variable and
 * the pattern; `withValue` false leaves the value out (texts stored with an execution).
 */
export function patternRefusal(
  variable: { name: string; label?: string; pattern?: VariablePattern | null },
  chosen: string | string[] | undefined,
  withValue = true,
): string | null {
  if (!variable.pattern) return null;
  const values = (Array.isArray(chosen) ? chosen : chosen === undefined ? [] : [chosen]).filter((v) => v !== "");
  const bad = values.find((v) => !matchesPattern(variable.pattern as VariablePattern, v));
  if (bad === undefined) return null;
  const label = variable.label || variable.name;
  const name = patternName(variable.pattern);
  return withValue
    ? `"${bad}" does not match the allowed pattern of "${label}": ${name}.`
    : `The value of "${label}" does not match its allowed pattern (${name}).`;
}
