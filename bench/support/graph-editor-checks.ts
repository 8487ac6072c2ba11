/**
 * What the graph-editor benchmark checks before it measures: the canvas's behaviour in Chromium,
 * driven as a user would (mouse and keyboard), on the harness page. Each check throws with what a
 * user would have seen go wrong. Run by bench/graph-editor.ts (`npm run bench -- graph-editor`),
 * or alone with GRAPH_CHECKS_ONLY=1.
 */
import { type Browser, expect, type Page } from "@playwright/test";
import type { Graph } from "@/lib/graph/types";

/** start → end: the graph a new flow opens with. */
export const small: Graph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 160 }, data: {} },
  ],
  edges: [{ id: "e1", source: "start", target: "end" }],
};

/** GRAPH_SCREENSHOTS=<dir> keeps a picture of each stage, to look at the editor as the checks left it. */
const shot = async (p: Page, name: string) => {
  if (process.env.GRAPH_SCREENSHOTS) await p.screenshot({ path: `${process.env.GRAPH_SCREENSHOTS}/${name}.png` });
};
const last = (p: Page) => p.evaluate(() => window.bench.last);
const targets = (g: Graph | null, id: string) => (g?.edges ?? []).filter((e) => e.source === id).map((e) => e.target);
const fail = (why: string): never => {
  throw new Error(why);
};
const ctrl = process.platform === "darwin" ? "Meta" : "Control";

async function open(
  browser: Browser,
  base: string,
  graph: string,
  viewport = { width: 1280, height: 900 },
  locale = "en",
) {
  const context = await browser.newContext({ viewport });
  const p = await context.newPage();
  p.on("pageerror", (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await p.goto(`${base}/?graph=${graph}&locale=${locale}`);
  await p.getByTestId(viewport.width >= 768 ? "node-start" : "graph-list").waitFor();
  return p;
}

export async function checkBehaviour(browser: Browser, base: string): Promise<string[]> {
  const done: string[] = [];
  const ok = (what: string) => {
    done.push(what);
    console.log(`  ✓ ${what}`);
  };

  // ---- by keyboard only: a two-task chain, then its command, an edge refused, save --------------
  {
    const p = await open(browser, base, "small");
    await p.locator('.react-flow__node[data-id="start"]').focus();
    await p.keyboard.press("Enter");
    await expect(p.getByTestId("graph-inspector").getByRole("heading")).toBeFocused();
    ok("Enter on a focused node opens its inspector and focuses it");
    await p.getByTestId("palette-task").focus();
    await p.keyboard.press("Enter");
    await p.keyboard.press("Enter");
    const chain = await last(p);
    if (targets(chain, "start")[0] !== "task-1" || targets(chain, "task-1")[0] !== "task-2")
      throw new Error(`palette by keyboard did not build start → task-1 → task-2: ${JSON.stringify(chain?.edges)}`);
    if (targets(chain, "task-2")[0] !== "end") throw new Error("task-2 does not lead to the end");
    ok("the palette's buttons, pressed with Enter, splice a chain start → task-1 → task-2 → end");
    await expect(p.getByTestId("graph-save")).toBeDisabled();
    await expect(p.getByTestId("graph-save-reason")).toHaveText(/Fix 2 issues before saving/);
    await expect(p.getByTestId("node-badge-task-1")).toBeVisible();
    ok("incomplete nodes carry a badge and Save is disabled with the reason");
    await shot(p, "keyboard-chain");
    // task-2 is selected (the last added); connect it back to task-1 by keyboard: a loop, refused.
    await p.getByTestId("graph-connect-select").selectOption("task-1");
    await p.getByTestId("graph-connect").click();
    await expect(p.getByTestId("graph-status")).toHaveText(/would make a loop/);
    ok("“Connect to…” refuses a loop, and the status line says why");
    await p.getByTestId("task-command").fill("deploy");
    // The issue list focuses the other incomplete node.
    await p.getByTestId("graph-issues").getByRole("button").first().click();
    await expect(p.locator('.react-flow__node[data-id="task-1"]')).toBeFocused();
    ok("an issue in the list selects and focuses its node");
    const at = async () => (await last(p))?.nodes.find((n) => n.id === "task-1");
    const was = (await at())?.position ?? fail("task-1 is gone");
    await p.keyboard.press("ArrowRight");
    await expect.poll(async () => (await at())?.position).toEqual({ x: was.x + 16, y: was.y });
    await p.keyboard.press("Shift+ArrowDown");
    await expect.poll(async () => (await at())?.position).toEqual({ x: was.x + 16, y: was.y + 64 });
    if (!(await at())?.pinned) throw new Error("a nudged node is not pinned");
    await p.keyboard.press(`${ctrl}+z`);
    await p.keyboard.press(`${ctrl}+z`);
    await expect.poll(async () => (await at())?.position).toEqual(was);
    ok("arrows nudge the selected node one grid step (Shift: four), each an undo step");
    await p.keyboard.press("Enter");
    await expect(p.getByTestId("graph-inspector").getByRole("heading")).toBeFocused();
    await p.keyboard.press("Escape");
    await expect(p.getByTestId("graph-inspector")).toHaveCount(0);
    await expect(p.locator('.react-flow__node[data-id="task-1"]')).toBeFocused();
    ok("Escape closes the inspector and gives focus back to the node");
    await p.keyboard.press("Enter");
    await p.getByTestId("task-command").fill("build");
    await expect(p.getByTestId("graph-save")).toBeEnabled();
    await p.getByTestId("graph-save").click();
    await expect(p.getByTestId("graph-status")).toHaveText("Saved.");
    await expect(p.getByTestId("graph-save")).toBeDisabled();
    const saved = await p.evaluate(() => window.bench.saved);
    if (saved.length !== 1 || !saved[0]?.includes('"command":"build"')) throw new Error("onSave did not get the graph");
    ok("a complete graph saves, and the editor is clean after it");
    await p.context().close();
  }

  // ---- by mouse: palette drag, a refused connection drawn, undo/redo, copy/paste, delete -----------
  {
    const p = await open(browser, base, "small");
    const pane = p.locator(".react-flow__pane");
    const box = (await pane.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    await p.getByTestId("palette-task").dragTo(pane, { targetPosition: { x: box.width * 0.75, y: box.height * 0.3 } });
    await p.getByTestId("node-task-1").waitFor();
    ok("a palette item dragged onto the canvas becomes a node");
    await p.getByTestId("palette-task").dragTo(pane, { targetPosition: { x: box.width * 0.75, y: box.height * 0.7 } });
    await p.getByTestId("node-task-2").waitFor();
    // Draw task-1 → task-2, then task-2 → task-1 (refused: a loop).
    const drawn = async (from: string, to: string) => {
      const source = p.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
      const target = p.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
      const a = await source.boundingBox();
      const b = await target.boundingBox();
      if (!a || !b) throw new Error("handles not found");
      await p.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await p.mouse.down();
      await p.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
      await p.mouse.up();
    };
    await drawn("task-1", "task-2");
    await expect.poll(async () => targets(await last(p), "task-1")).toEqual(["task-2"]);
    ok("an edge drawn between two handles is added");
    await drawn("task-2", "task-1");
    await expect(p.getByTestId("graph-status")).toHaveText(/would make a loop/);
    if (targets(await last(p), "task-2").length !== 0) throw new Error("the refused edge was added");
    ok("an edge that would close a loop is refused while drawn, with the reason");
    // Undo the edge, redo it, by keyboard.
    await p.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await p.keyboard.press(`${ctrl}+z`);
    await expect.poll(async () => targets(await last(p), "task-1")).toEqual([]);
    await p.keyboard.press(`${ctrl}+Shift+z`);
    await expect.poll(async () => targets(await last(p), "task-1")).toEqual(["task-2"]);
    ok("Ctrl+Z and Shift+Ctrl+Z undo and redo");
    // Copy task-1, paste: a new node, new id.
    await p.getByTestId("node-task-1").click();
    await p.keyboard.press(`${ctrl}+c`);
    await p.keyboard.press(`${ctrl}+v`);
    await p.getByTestId("node-task-3").waitFor();
    ok("Ctrl+C, Ctrl+V paste the selection with a new id");
    // Delete an unconfigured node: no question. The start: refused, with the reason.
    await p.keyboard.press("Delete");
    await expect(p.getByTestId("node-task-3")).toHaveCount(0);
    await p.getByTestId("node-start").click();
    await p.keyboard.press("Delete");
    await expect(p.getByTestId("graph-status")).toHaveText(/start node cannot be deleted/);
    ok("Delete removes a node; a start node stays and the status says why");
    // Configure task-2, then delete it: the confirm dialog asks first.
    await p.getByTestId("node-task-2").click();
    await p.getByTestId("task-command").fill("x");
    await p.getByTestId("node-task-2").click();
    await p.keyboard.press("Delete");
    const dialog = p.getByRole("dialog");
    await expect(dialog).toContainText("Delete configured nodes?");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(p.getByTestId("node-task-2")).toHaveCount(0);
    ok("deleting a configured node asks first");
    await shot(p, "mouse");
    // Shift+L lays out: one step, the node dragged by hand stays (a palette drop is not pinned).
    const node1 = (await p.getByTestId("node-task-1").boundingBox()) ?? fail("task-1 has no box");
    await p.mouse.move(node1.x + node1.width / 2, node1.y + 10);
    await p.mouse.down();
    await p.mouse.move(node1.x + node1.width / 2 + 60, node1.y + 40, { steps: 8 });
    await p.mouse.up();
    await expect(p.getByTestId("node-task-1")).toHaveAttribute("data-pinned", "true");
    const before = await last(p);
    await p.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await p.keyboard.press("Shift+L");
    await expect.poll(async () => (await last(p)) !== null && (await last(p)) !== before).toBe(true);
    const after = await last(p);
    const t1 = (g: Graph | null) => g?.nodes.find((n) => n.id === "task-1");
    const moved = (after?.nodes ?? []).filter((n) => {
      const was = before?.nodes.find((b) => b.id === n.id);
      return !n.pinned && was && (was.position.x !== n.position.x || was.position.y !== n.position.y);
    });
    if (moved.length === 0) throw new Error("Shift+L moved no node");
    if (JSON.stringify(t1(after)) !== JSON.stringify(t1(before)))
      throw new Error("layout moved task-1, which was dropped by hand (pinned)");
    ok("Shift+L lays out the unpinned nodes and leaves the pinned one");
    // Unsaved changes: a link asks first.
    let asked = "";
    p.once("dialog", (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await p.getByTestId("leave-link").click();
    await expect.poll(() => asked).toContain("unsaved changes");
    await expect(p.getByTestId("graph-editor")).toBeVisible();
    ok("a link asks before leaving unsaved changes, and staying keeps them");
    await p.context().close();
  }

  // ---- the list view, and phones ---------------------------------------------------------------
  {
    const p = await open(browser, base, "open");
    await p.getByRole("tab", { name: "List" }).click();
    await expect(p.getByTestId("graph-list").locator("tbody tr")).toHaveCount(200);
    await p.getByRole("searchbox").fill("echo 17");
    await expect(p.getByTestId("graph-row-t5")).toHaveCount(0);
    await expect(p.getByTestId("graph-row-t17")).toBeVisible();
    await p.getByTestId("graph-row-t17").getByRole("button").click();
    await expect(p.getByTestId("graph-inspector").getByRole("heading")).toContainText("t17");
    ok("the list view searches the nodes and a row opens its inspector");
    await shot(p, "list");
    await p.context().close();
  }
  {
    const p = await open(browser, base, "small", { width: 390, height: 844 });
    await expect(p.getByTestId("graph-list")).toBeVisible();
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) throw new Error(`the editor is ${width} px wide at 390 px`);
    await p.getByRole("tab", { name: "Canvas" }).click();
    const draggable = await p.locator(".react-flow__node.draggable").count();
    if (draggable !== 0) throw new Error(`${draggable} nodes are draggable on a phone`);
    await p.getByRole("tab", { name: "List" }).click();
    await p.getByTestId("graph-row-start").getByRole("button").click();
    await p.getByTestId("palette-task").click();
    await expect(p.getByTestId("graph-row-task-1")).toBeVisible();
    await shot(p, "phone");
    ok("at 390 px: the list view first, a read-only canvas, no overflow, still editable by keyboard");
    await p.context().close();
  }
  // ---- 简体中文: the editor's own texts, a refusal and an issue in the reader's language ---------------
  {
    const p = await open(browser, base, "small", undefined, "zh-CN");
    await expect(p.getByTestId("graph-undo")).toHaveText("撤销");
    await p.getByTestId("node-start").click();
    await p.keyboard.press("Delete");
    await expect(p.getByTestId("graph-status")).toHaveText("开始节点不能删除：图中必须恰好有一个开始节点。");
    await p.getByTestId("palette-task").click();
    await expect(p.getByTestId("graph-issues")).toContainText("该节点尚未配置完整。");
    const text = (await p.getByTestId("graph-editor").textContent()) ?? "";
    const raw = text.match(/\bgraph\.[a-z_.]+/);
    if (raw) throw new Error(`a message key shows as text: ${raw[0]}`);
    await shot(p, "zh-CN");
    ok("in 简体中文: the toolbar, a refusal and an issue read in Chinese, no key shows as text");
    await p.context().close();
  }
  return done;
}
