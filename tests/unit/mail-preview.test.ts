import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { previewHtml } from "@/lib/mail/preview-html";

describe("the dev Mail page's frame", () => {
  test("an email's links open in a new tab (the approval page refuses to be framed)", () => {
    expect(previewHtml("<html><head><title>x</title></head><body><a href='/a'>A</a></body></html>")).toBe(
      "<html><head><base target=\"_blank\"><title>x</title></head><body><a href='/a'>A</a></body></html>",
    );
    expect(previewHtml('<html lang="en"><body>b</body></html>')).toBe(
      '<html lang="en"><head><base target="_blank"></head><body>b</body></html>',
    );
    expect(previewHtml("<p>plain</p>")).toBe('<base target="_blank"><p>plain</p>');
  });

  test("the frame is sandboxed and runs no script", () => {
    const source = readFileSync(
      path.join(import.meta.dirname, "../../app/(app)/t/[tenant]/mail/mail-frame.tsx"),
      "utf8",
    );
    const sandbox = /sandbox="([^"]*)"/.exec(source)?.[1];
    expect(sandbox?.split(" ").sort()).toEqual(["allow-popups", "allow-popups-to-escape-sandbox", "allow-same-origin"]);
  });
});
