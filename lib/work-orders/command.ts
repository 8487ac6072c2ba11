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

/** A placeholder whose value a second shell parses again (`sh -c "echo {V}"`): what the editor warns about. */
export type NestedShellUse = { name: string; construct: string };

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"]);
/** ssh options that take an argument (the host is the first word that is not one of these or an option). */
const SSH_ARG_OPTIONS = new Set("bcDEeFIiJLlmOopQRSWw".split("").map((c) => `-${c}`));

type Word = { raw: string; text: string };

/** The command's simple commands (split at ; & | newlines and parentheses), as words with and without their quotes. */
function simpleCommands(command: string): Word[][] {
  const commands: Word[][] = [];
  let words: Word[] = [];
  let raw = "";
  let text = "";
  let quote: "'" | '"' | null = null;
  const endWord = () => {
    if (raw) words.push({ raw, text });
    raw = "";
    text = "";
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === "\\" && quote !== "'") {
      raw += ch + (command[i + 1] ?? "");
      text += command[i + 1] ?? "";
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = null;
      else text += ch;
      raw += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      raw += ch;
      continue;
    }
    if (ch === " " || ch === "\t") endWord();
    else if (";&|\n()".includes(ch)) endCommand();
    else {
      raw += ch;
      text += ch;
    }
  }
  endCommand();
  return commands;
}

const basename = (word: string) => word.slice(word.lastIndexOf("/") + 1);

/**
 * Placeholders that stand inside a string a nested shell parses again: the script of `sh -c` /
 * `bash -c` (also behind sudo, env, docker exec…), the words after `eval`, and the remote command of
 * `ssh host …`. There the value is safe from the first shell but not from the second: `$(…)` in it
 * runs. The template editor warns; an allowed pattern on the variable is the remedy.
 */
export function nestedShellPlaceholders(command: string): NestedShellUse[] {
  const found: NestedShellUse[] = [];
  const add = (words: Word[], construct: string) => {
    for (const w of words)
      for (const name of placeholders(w.raw))
        if (!found.some((f) => f.name === name && f.construct === construct)) found.push({ name, construct });
  };
  for (const words of simpleCommands(command)) {
    for (let i = 0; i < words.length; i++) {
      const word = basename((words[i] as Word).text);
      if (SHELLS.has(word)) {
        const c = words.findIndex((w, j) => j > i && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text));
        if (c !== -1 && words[c + 1]) add([words[c + 1] as Word], `${word} -c`);
      } else if (word === "eval" && i === 0) {
        add(words.slice(i + 1), "eval");
      } else if (word === "ssh") {
        let j = i + 1;
        while (j < words.length && (words[j] as Word).text.startsWith("-")) {
          j += SSH_ARG_OPTIONS.has((words[j] as Word).text) ? 2 : 1;
        }
        add(words.slice(j + 1), "ssh");
      }
    }
  }
  return found;
}
