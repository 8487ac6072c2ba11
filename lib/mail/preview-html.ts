import "server-only";

const BASE = '<base target="_blank">';

/**
 * An email's HTML as the dev Mail page frames it: its links open in a new tab (a `<base
 * target="_blank">`), since the pages they lead to (the emailed approval page) refuse to be framed.
 * The frame itself is sandboxed without scripts (mail-frame.tsx).
 */
export function previewHtml(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + BASE + html.slice(head.index + head[0].length);
  const root = /<html(\s[^>]*)?>/i.exec(html);
  if (root)
    return `${html.slice(0, root.index + root[0].length)}<head>${BASE}</head>${html.slice(root.index + root[0].length)}`;
  return BASE + html;
}
