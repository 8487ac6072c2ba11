import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SafeError } from "@/lib/errors";
import { LOCALES, negotiateLocale, preferredLocale } from "@/lib/i18n/locales";
import { msg } from "@/lib/i18n/message";
import { allMessages, type Messages } from "@/lib/i18n/messages";
import { errorKey, renderMessage, translator } from "@/lib/i18n/translate";

const root = path.join(import.meta.dirname, "../..");

function flatten(m: Messages, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

/** The argument names of an ICU message ("{count, plural, …}" and "{name}"), ignoring plural/select branches' text. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([a-z_][A-Za-z0-9_]*)\s*(?:,|\})/g)) names.add(m[1] as string);
  return [...names].sort();
}

const messages = allMessages();
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(messages[l])])) as Record<
  string,
  Record<string, string>
>;

describe("message files", () => {
  it("have the same features in every language", () => {
    const files = (l: string) => readdirSync(path.join(root, "messages", l)).sort();
    expect(files("zh-CN")).toEqual(files("en"));
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s has every English key and no other", (locale) => {
    const en = Object.keys(flat.en ?? {}).sort();
    const other = Object.keys(flat[locale] ?? {}).sort();
    expect(
      other.filter((k) => !en.includes(k)),
      "keys only in this language",
    ).toEqual([]);
    expect(
      en.filter((k) => !other.includes(k)),
      "keys missing in this language",
    ).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== "en"))("%s uses the same parameters as English in each message", (locale) => {
    const differ = Object.entries(flat.en ?? {})
      .filter(
        ([k, en]) =>
          flat[locale]?.[k] !== undefined && argumentsOf(en).join() !== argumentsOf(flat[locale]?.[k] as string).join(),
      )
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it("has no empty message", () => {
    for (const l of LOCALES)
      expect(
        Object.entries(flat[l] ?? {})
          .filter(([, v]) => !v.trim())
          .map(([k]) => k),
      ).toEqual([]);
  });

  it("parses every message in every language", () => {
    const broken: string[] = [];
    for (const l of LOCALES)
      for (const key of Object.keys(flat[l] ?? {})) {
        const errors: string[] = [];
        const t = translator(l);
        const original = console.error;
        console.error = (m: unknown) => errors.push(String(m));
        try {
          // Rendering with every argument set to 1 surfaces ICU syntax errors (plural/select need a value).
          const args = Object.fromEntries(argumentsOf(flat[l]?.[key] as string).map((a) => [a, 1]));
          // A message with tags ("check <link>{place}</link>") is rendered as markup, each tag kept as text.
          const tags = [...(flat[l]?.[key] ?? "").matchAll(/<([A-Za-z_]\w*)>/g)].map((m) => m[1] as string);
          if (tags.length) {
            const markup = (t as unknown as { markup: (k: string, v: Record<string, unknown>) => string }).markup;
            markup(key, { ...args, ...Object.fromEntries(tags.map((tag) => [tag, (chunks: string) => chunks])) });
          } else t(key, args);
        } finally {
          console.error = original;
        }
        if (errors.length) broken.push(`${l}:${key}`);
      }
    expect(broken).toEqual([]);
  });
});

/** Every code the source throws or names (`new SafeError("ns.key"`, `msg("ns.key"`, `msgKey("ns.key…"`) has its text. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("codes in the source", () => {
  const files = ["lib", "app", "components", "inngest", "db"].flatMap(sourceFiles);
  it("every error code thrown has a message in English", () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:new (?:Safe|Forbidden)Error|\bmsg)\(\s*"([a-z][a-z0-9-]*\.[a-z0-9_.]+)"/g)) {
        const key = errorKey(m[1] as string);
        if (!flat.en?.[key]) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\bmsgKey\(\s*"([a-z][a-z0-9-]*\.[A-Za-z0-9_.]+)"/g))
        if (!flat.en?.[m[1] as string]) missing.push(`${path.relative(root, file)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  /**
   * The English texts a file throws as SafeError / ForbiddenError / NotFoundError instead of a
   * code: a first argument that is (or branches, through `?:` and `+`, into) a string or template
   * with a space in it. A code has no space; `msg(...)` calls are codes too.
   */
  function literalErrorTexts(source: string): string[] {
    const found: string[] = [];
    if (!/new (Safe|Forbidden|NotFound)Error\(/.test(source)) return found;
    const sf = ts.createSourceFile("x.ts", source, ts.ScriptTarget.Latest, true);
    const texts = (node: ts.Node): string[] => {
      if (ts.isParenthesizedExpression(node)) return texts(node.expression);
      if (ts.isConditionalExpression(node)) return [...texts(node.whenTrue), ...texts(node.whenFalse)];
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
        return [...texts(node.left), ...texts(node.right)];
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
      if (ts.isTemplateExpression(node)) return [node.getText(sf)];
      return [];
    };
    const visit = (node: ts.Node) => {
      if (
        ts.isNewExpression(node) &&
        /^(Safe|Forbidden|NotFound)Error$/.test(node.expression.getText(sf)) &&
        node.arguments?.[0]
      )
        found.push(...texts(node.arguments[0]).filter((t) => /\s/.test(t)));
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return found;
  }

  it("the check finds English text however it is written", () => {
    const sample = [
      'throw new SafeError("work-orders.already_ran");',
      'throw new SafeError(`The options for "${label}" are too large.`);',
      'throw new SafeError(slow ? `Slow ${x}.` : "Could not load.", { field: "f" });',
      'throw new ForbiddenError(msg("permissions.missing", { permission: "x y" }));',
    ].join("\n");
    expect(literalErrorTexts(sample)).toEqual([
      '`The options for "${label}" are too large.`',
      "`Slow ${x}.`",
      "Could not load.",
    ]);
  });

  /** Not converted to codes yet (issue 15): a file leaves the list once it throws codes only. */
  const backlog = new Set<string>(
    JSON.parse(readFileSync(path.join(import.meta.dirname, "i18n-backlog.json"), "utf8")).errors,
  );
  it("no SafeError is thrown with English text instead of a code (outside the backlog)", () => {
    const literal: string[] = [];
    const stillLiteral = new Set<string>();
    for (const file of files) {
      const rel = path.relative(root, file);
      for (const text of literalErrorTexts(readFileSync(file, "utf8"))) {
        stillLiteral.add(rel);
        if (!backlog.has(rel)) literal.push(`${rel}: ${text}`);
      }
    }
    expect(literal).toEqual([]);
    expect(
      [...backlog].filter((f) => !stillLiteral.has(f)),
      "converted files still in the backlog",
    ).toEqual([]);
  }, 30_000);
});

describe("rendering", () => {
  it("renders an error code in the reader's language, English in its message", () => {
    const e = new SafeError("validation.max_chars", { params: { max: 1200 }, field: "title" });
    expect(e.message).toBe("At most 1,200 characters.");
    expect(e.code).toBe("validation.max_chars");
    expect(e.render("zh-CN")).toBe("最多 1,200 个字符。");
  });

  it("takes a zod issue's msg() as its code, and renders message parameters first", () => {
    const e = new SafeError(msg("validation.reserved_name", { name: "__proto__" }));
    expect(e.code).toBe("validation.reserved_name");
    expect(e.render("zh-CN")).toBe("“__proto__”是保留名称。");
    expect(renderMessage("en", "common.missing_permission", { permission: "Deploy" })).toContain("“Deploy”");
  });

  it("takes a plain parameter as it is, even when it looks like a code (a user called alice.smith)", () => {
    expect(renderMessage("en", "common.missing_permission", { permission: "alice.smith" })).toBe(
      "You need the “alice.smith” permission to do that.",
    );
  });

  it("takes the first language we serve: the recipient's, then the tenant's, then English", () => {
    expect(preferredLocale("zh-CN", "en")).toBe("zh-CN");
    expect(preferredLocale(null, "zh-CN")).toBe("zh-CN");
    expect(preferredLocale("fr", undefined)).toBe("en");
  });

  it("negotiates the locale from Accept-Language", () => {
    expect(negotiateLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(negotiateLocale("zh-TW")).toBe("zh-CN");
    expect(negotiateLocale("fr-FR,en;q=0.5,zh;q=0.4")).toBe("en");
    expect(negotiateLocale("fr, de;q=0.5")).toBe("en");
    expect(negotiateLocale("en;q=0.1, zh;q=0.9")).toBe("zh-CN");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale(";;;q=x,,")).toBe("en");
  });
});
