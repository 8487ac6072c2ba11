import type { Locator, Page } from "@playwright/test";
import { expect, newPage, person, signUp, signUpEach, test } from "./support/fixtures";
import { buildChainFlow, fillLevel, inspector, publishFlow } from "./support/flows";
import { addByInvitation } from "./support/invitations";
import { addCategories } from "./support/work-orders";

/**
 * The approval-flow designer, as an admin draws a conditional flow by mouse: "PROD orders go
 * through the change board first; TEST orders need the team lead only". A cycle is refused with
 * its reason, undo/redo and auto-layout work, the saved picture comes back the same after a
 * reload, the published flow previews different approvers for PROD and TEST, and a PROD and a
 * TEST order each follow their route to the end. Then a two-level flow by keyboard only, and the
 * designer at phone width.
 */
test.describe
  .serial("flow designer", () => {
    test.setTimeout(240_000);

    const owner = person("fd-owner");
    const alice = person("fd-board");
    const bob = person("fd-lead");
    let slug = "";
    let flowPath = "";
    /** The ids of the change board and team lead levels, drawn in the first test. */
    const ids = { board: "", lead: "" };
    const pages = {} as Record<"owner" | "alice" | "bob", Page>;

    test.beforeAll(async ({ browser }) => {
      test.setTimeout(240_000);
      Object.assign(pages, await signUpEach(browser, { alice, bob }));
      pages.owner = await newPage(browser);
      await pages.owner.setViewportSize({ width: 1600, height: 1000 });
      slug = await signUp(pages.owner, owner);
      const o = pages.owner;
      await addByInvitation(o, slug, [
        { person: alice, page: pages.alice },
        { person: bob, page: pages.bob },
      ]);
      await addCategories(o, slug);
      const envs = o.getByTestId("categories-environment");
      await envs.getByLabel("New environment").fill("TEST");
      await envs.getByRole("button", { name: "Add", exact: true }).click();
      await expect(envs.getByText("TEST", { exact: true })).toBeVisible();
    });

    test.afterAll(async () => {
      for (const p of Object.values(pages)) await p.context().close();
    });

    const node = (o: Page, id: string) => o.locator(`.react-flow__node[data-id="${id}"]`);
    /** The id of the nth node of a kind on the canvas. */
    const idOf = async (o: Page, kind: string, nth = 0) =>
      ((await o.locator(`[data-kind="${kind}"]`).nth(nth).getAttribute("data-testid")) ?? "").replace(/^node-/, "");
    /** Every node's place on the canvas, by id (React Flow's transform in canvas units). */
    const positions = async (o: Page) =>
      Object.fromEntries(
        await o
          .locator(".react-flow__node")
          .evaluateAll((els) => els.map((el) => [el.getAttribute("data-id"), (el as HTMLElement).style.transform])),
      ) as Record<string, string>;
    const centre = async (l: Locator) => {
      const box = await l.boundingBox();
      if (!box) throw new Error("not on screen");
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    /** The canvas (and the palette beside it) in the middle of the window, wholly on screen. */
    const centreCanvas = (o: Page) =>
      o.getByTestId("graph-canvas").evaluate((el) => el.scrollIntoView({ block: "center" }));
    /** Draws a connection by mouse, from a node's output handle to another's input handle. */
    async function connect(o: Page, from: string, to: string) {
      await centreCanvas(o);
      const a = await centre(node(o, from).locator(".react-flow__handle.source"));
      const b = await centre(node(o, to).locator(".react-flow__handle.target"));
      await o.mouse.move(a.x, a.y);
      await o.mouse.down();
      await o.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await o.mouse.move(b.x, b.y, { steps: 5 });
      await o.mouse.up();
    }
    /** Drags a palette item onto the canvas at a fraction of its width and height. */
    async function drop(o: Page, kind: string, fx: number, fy: number) {
      await centreCanvas(o);
      const canvas = o.getByTestId("graph-canvas");
      const box = await canvas.boundingBox();
      if (!box) throw new Error("no canvas");
      await o
        .getByTestId(`palette-${kind}`)
        .dragTo(canvas, { targetPosition: { x: box.width * fx, y: box.height * fy } });
    }

    test("by mouse: drag levels and a condition in, connect them, a cycle is refused, undo/redo, auto-layout, save and reload to the same picture", async () => {
      const o = pages.owner;
      await o.goto(`/t/${slug}/approvals/flows/new`);
      await o.getByLabel("Flow name").fill("Change routing");
      await expect(o.getByTestId("flow-status")).toHaveText("New flow — not saved yet");

      await drop(o, "condition", 0.15, 0.3);
      await drop(o, "approval", 0.15, 0.75);
      await drop(o, "approval", 0.85, 0.55);
      await expect(o.locator('[data-kind="approval"]')).toHaveCount(2);
      const cond = await idOf(o, "condition");
      const board = await idOf(o, "approval", 0);
      const lead = await idOf(o, "approval", 1);
      Object.assign(ids, { board, lead });

      // The start leads to the end: that connection goes, in the start's inspector.
      await node(o, "start").click();
      await inspector(o).getByRole("button", { name: "Remove the connection to End" }).click();
      await expect(o.locator(".react-flow__edge")).toHaveCount(0);

      await connect(o, "start", cond);
      await connect(o, cond, board);
      await connect(o, cond, lead);
      await connect(o, board, lead);
      await expect(o.locator(".react-flow__edge")).toHaveCount(4);

      // The team lead back to the condition would be a loop: refused, with the reason.
      await connect(o, lead, cond);
      await expect(o.getByTestId("graph-status")).toHaveText(
        "This would make a loop: the graph must not come back to a node it has passed.",
      );
      await expect(o.locator(".react-flow__edge")).toHaveCount(4);
      await connect(o, lead, "end");
      await expect(o.locator(".react-flow__edge")).toHaveCount(5);

      // Undo takes the last connection back, redo puts it again (buttons and keys).
      await o.getByTestId("graph-undo").click();
      await expect(o.locator(".react-flow__edge")).toHaveCount(4);
      await o.getByTestId("graph-redo").click();
      await expect(o.locator(".react-flow__edge")).toHaveCount(5);
      await node(o, "end").click();
      await o.keyboard.press("Control+z");
      await expect(o.locator(".react-flow__edge")).toHaveCount(4);
      await o.keyboard.press("Control+Shift+z");
      await expect(o.locator(".react-flow__edge")).toHaveCount(5);

      // The levels and the condition's rule, in the inspector.
      await node(o, board).click();
      await fillLevel(o, { name: "Change board", kind: "single", approvers: [alice.name] });
      await node(o, lead).click();
      await fillLevel(o, { name: "Team lead", kind: "single", approvers: [bob.name] });
      await node(o, cond).click();
      await inspector(o).getByRole("button", { name: "Add rule" }).click();
      await inspector(o).getByLabel("Rule 1: field").selectOption({ label: "Environment" });
      await inspector(o).getByLabel("Rule 1: comparison").selectOption({ label: "equals" });
      await inspector(o).getByLabel("Rule 1: value").selectOption({ label: "PROD" });
      await inspector(o).getByLabel("Rule 1: route").selectOption({ label: "to Change board" });
      await inspector(o).getByLabel("Default route").selectOption({ label: "to Team lead" });
      await expect(o.locator(".react-flow__edge-text", { hasText: "Environment = PROD" })).toBeVisible();
      await expect(o.locator(".react-flow__edge-text", { hasText: "default" })).toBeVisible();
      await expect(o.getByTestId("graph-save-reason")).toHaveCount(0);

      // Auto-layout moves the nodes nobody placed by hand; it is one undo step.
      const before = await positions(o);
      await o.getByTestId("graph-layout").click();
      await expect.poll(async () => JSON.stringify(await positions(o))).not.toBe(JSON.stringify(before));
      const laidOut = await positions(o);

      await o.getByTestId("graph-save").click();
      await expect(o.getByText("Approval flow created.")).toBeVisible();
      await o.waitForURL(/\/approvals\/flows\/[0-9a-f-]{36}$/);
      flowPath = new URL(o.url()).pathname;
      await expect(o.getByTestId("flow-status")).toHaveText(
        "Draft — never published: templates cannot use it until it is published",
      );
      await expect(o.getByTestId("no-versions")).toBeVisible();

      await o.reload();
      await expect(node(o, lead)).toBeVisible();
      expect(await positions(o)).toEqual(laidOut);
      await expect(o.locator(".react-flow__edge")).toHaveCount(5);
      await expect(o.getByTestId("graph-editor")).not.toHaveAttribute("data-dirty", "true");
    });

    test("publish, then preview a PROD and a TEST path: different approvers", async () => {
      const o = pages.owner;
      await o.goto(flowPath);
      await publishFlow(o, 1);
      await expect(o.getByTestId("version-1")).toContainText(owner.name);

      const preview = o.getByTestId("path-preview");
      await preview.getByLabel("Sample environment").selectOption({ label: "PROD" });
      await expect(preview.getByTestId("preview-path")).toHaveText(
        /Start\s*→\s*Condition \(Environment = PROD\)\s*→\s*Change board\s*→\s*Team lead\s*→\s*End/,
      );
      await expect(preview.getByTestId("preview-levels")).toContainText(alice.name);
      await expect(preview.getByTestId("preview-levels")).toContainText(bob.name);
      // The route is outlined on the canvas.
      const outline = (id: string) =>
        node(o, id)
          .locator("> div")
          .evaluate((el) => getComputedStyle(el).outlineStyle);
      await expect.poll(() => outline(ids.board)).toBe("solid");
      await expect.poll(() => outline(ids.lead)).toBe("solid");

      await preview.getByLabel("Sample environment").selectOption({ label: "TEST" });
      await expect(preview.getByTestId("preview-path")).toHaveText(
        /Start\s*→\s*Condition \(default\)\s*→\s*Team lead\s*→\s*End/,
      );
      await expect(preview.getByTestId("preview-levels")).toContainText(bob.name);
      await expect(preview.getByTestId("preview-levels")).not.toContainText(alice.name);
      await expect.poll(() => outline(ids.board)).toBe("none");
      await expect.poll(() => outline(ids.lead)).toBe("solid");
    });

    test("a PROD order and a TEST order each follow their route to the end", async () => {
      const o = pages.owner;
      for (const env of ["PROD", "TEST"]) {
        await o.goto(`/t/${slug}/work-orders/templates`);
        await o.getByRole("link", { name: "New template" }).click();
        await o.getByLabel("Template name").fill(`Deploy ${env}`);
        await o.getByLabel("Environment", { exact: true }).selectOption({ label: env });
        await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
        await o.getByLabel("Command template").fill(`echo ${env}`);
        await o.getByLabel("Approval flow").selectOption({ label: "Change routing" });
        await o.getByRole("button", { name: "Create template" }).click();
        await expect(o.getByText("Template saved (version 1).")).toBeVisible();
      }

      /** Submits the env's template; the route shown before submitting names `approvers`. */
      async function submit(env: string, approvers: string[], not: string[]): Promise<string> {
        await o.goto(`/t/${slug}/work-orders`);
        await o
          .getByRole("navigation", { name: "Environments" })
          .getByRole("link", { name: new RegExp(env) })
          .click();
        await o.getByRole("link", { name: new RegExp(`Deploy ${env}`) }).click();
        const route = o.getByTestId("order-route-levels");
        for (const name of approvers) await expect(route).toContainText(name);
        for (const name of not) await expect(route).not.toContainText(name);
        await o.getByRole("button", { name: "Submit for approval" }).click();
        await expect(o.getByTestId("submitted")).toContainText("submitted");
        await o.getByRole("link", { name: /Open order/ }).click();
        await o.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
        await expect(o.getByTestId("order-status")).toHaveText("Pending");
        return new URL(o.url()).pathname;
      }
      async function approve(page: Page, orderPath: string, status: string) {
        await page.goto(orderPath);
        await page.getByRole("button", { name: "Approve", exact: true }).click();
        await expect(page.getByText("You approved the order.")).toBeVisible();
        await expect(page.getByTestId("order-status")).toHaveText(status);
      }

      const prod = await submit("PROD", ["Change board", alice.name, "Team lead", bob.name], []);
      await approve(pages.alice, prod, "Pending");
      await approve(pages.bob, prod, "Approved");

      const testOrder = await submit("TEST", ["Team lead", bob.name], ["Change board", alice.name]);
      await approve(pages.bob, testOrder, "Approved");
    });

    test("at phone width the canvas is read-only and the list view comes first", async () => {
      const o = pages.owner;
      await o.setViewportSize({ width: 390, height: 844 });
      await o.goto(flowPath);
      const list = o.getByTestId("graph-list");
      await expect(list).toBeVisible();
      await expect(list).toContainText("Change board");
      await expect(list).toContainText("Team lead");
      await o.getByRole("tab", { name: "Canvas" }).click();
      await expect(o.locator(".react-flow__node")).toHaveCount(5);
      await expect(o.locator(".react-flow__node.draggable")).toHaveCount(0);
      expect(await o.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await o.setViewportSize({ width: 1600, height: 1000 });
    });

    test("an edited draft: unpublished changes on the list, what changed told in sentences, published as version 2", async () => {
      const o = pages.owner;
      await o.goto(flowPath);
      await node(o, ids.lead).click();
      await inspector(o).getByLabel("Level name").fill("Lead on call");
      await inspector(o).getByLabel("Kind").selectOption("or");
      await inspector(o).getByRole("checkbox", { name: alice.name }).check();
      await expect(o.getByTestId("flow-status")).toHaveText("Unsaved changes");
      await o.getByTestId("graph-save").click();
      await expect(o.getByText("Draft saved.")).toBeVisible();
      await expect(o.getByTestId("flow-status")).toHaveText("Draft — unpublished changes (orders use version 1)");

      await o.goto(`/t/${slug}/approvals/flows`);
      await expect(o.getByTestId("list-total")).toHaveText("1 flow");
      const row = o.getByTestId("flow-Change routing");
      await expect(row).toContainText("Version 1");
      await expect(row).toContainText("Unpublished changes");
      await expect(row).toContainText("2 levels · 1 condition");
      await o.getByRole("searchbox").fill("nothing like it");
      await o.keyboard.press("Enter");
      await expect(o.getByTestId("list-total")).toHaveText("0 flows");
      await o.getByRole("searchbox").fill("routing");
      await o.keyboard.press("Enter");
      await expect(o.getByTestId("list-total")).toHaveText("1 flow");

      await o.goto(flowPath);
      await o.getByRole("link", { name: "What the draft changes from version 1" }).click();
      const lines = o.getByTestId("diff-lines");
      await expect(lines).toContainText("Level “Team lead” renamed to “Lead on call”");
      await expect(lines).toContainText("Level “Lead on call”: kind Single → Or-sign");
      await expect(lines).toContainText(
        `Level “Lead on call”: named approvers ${bob.name} → ${bob.name}, ${alice.name}`,
      );

      await o.goto(flowPath);
      await publishFlow(o, 2);
      await o.getByRole("link", { name: "What changed since version 1" }).click();
      await expect(o.getByTestId("diff-lines")).toContainText("Level “Team lead” renamed to “Lead on call”");
    });
  });

test("by keyboard only: a two-level flow is built, saved and published", async ({ page }) => {
  test.setTimeout(120_000);
  const owner = person("fd-keys");
  const slug = await signUp(page, owner);
  await buildChainFlow(page, slug, {
    name: "Two by keys",
    levels: [
      { name: "First", kind: "single", approvers: [owner.name] },
      { name: "Second", kind: "or", approvers: [owner.name] },
    ],
  });
  // The chain as built: start → First → Second → end, version 1, named approvers.
  const preview = page.getByTestId("path-preview");
  await expect(preview.getByTestId("preview-path")).toHaveText(/Start\s*→\s*First\s*→\s*Second\s*→\s*End/);
  await expect(preview.getByTestId("preview-levels")).toContainText(owner.name);
  await expect(page.getByTestId("version-1")).toBeVisible();
});
