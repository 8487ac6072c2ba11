import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

/**
 * The lint for literal UI text: words written into a page or component instead of a message file
 * (`messages/<locale>/<feature>.json`). It finds JSX text with letters, and string literals with
 * letters in the attributes people read (placeholder, title, aria-label, alt, label) and in toasts.
 * Files that are not translated yet are listed in BACKLOG: a file there that has become clean must
 * leave it, and no file outside it may have literal text.
 */
const root = path.join(import.meta.dirname, "../..");
const READ_ATTRS = new Set(["placeholder", "title", "aria-label", "alt", "label", "description", "emptyText"]);
const WORD = /\p{L}{2,}/u;
/** Words that are the same in every language: the product's name, units and protocol names. */
const SAME_EVERYWHERE =
  /^(Opsdesk|Slack|DingTalk|Feishu|WeCom|SMTP|HTTP|HTTPS|URL|JSON|ID|Inngest|Ctrl|⌘|Esc|Enter|UTC|GMT|K)$/;

function literalsIn(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const words = (s: string) => s.split(/[^\p{L}⌘]+/u).filter((w) => WORD.test(w) && !SAME_EVERYWHERE.test(w));
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && words(node.text).length) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && READ_ATTRS.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      const value = ts.isStringLiteral(init)
        ? init.text
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression.text
          : null;
      if (value && words(value).length) found.push(value);
    }
    if (
      ts.isCallExpression(node) &&
      /^toast(\.\w+)?$/.test(node.expression.getText()) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      words(node.arguments[0].text).length
    )
      found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const tsxFiles = ["app", "components"].flatMap((dir) =>
  readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".tsx"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
);

/** Not translated yet (issue 15): each leaves this list when its text moves to messages/. */
const BACKLOG = new Set<string>(
  JSON.parse(readFileSync(path.join(import.meta.dirname, "i18n-backlog.json"), "utf8")).tsx,
);

test("the lint finds literal text, and passes text that comes from messages", () => {
  const dir = path.join(import.meta.dirname, "../support");
  expect(literalsIn(path.join(dir, "literal-sample.tsx"))).toEqual(["Saved.", "Save changes", "Search orders"]);
});

test("no page or component outside the backlog has literal UI text", () => {
  const offenders = tsxFiles.filter((f) => !BACKLOG.has(f)).map((f) => [f, literalsIn(path.join(root, f))] as const);
  expect(Object.fromEntries(offenders.filter(([, l]) => l.length))).toEqual({});
});

test("every file in the backlog still has literal text (a translated one leaves the list)", () => {
  const clean = [...BACKLOG].filter((f) => !tsxFiles.includes(f) || literalsIn(path.join(root, f)).length === 0);
  expect(clean).toEqual([]);
});
