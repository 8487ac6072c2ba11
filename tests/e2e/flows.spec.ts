import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { tabTo } from "./support/flows";
import { addByInvitation } from "./support/invitations";
import { approvalLinks, latestMailTo } from "./support/mail";
import { startWebhookServer, type WebhookServer } from "./support/webhook-server";

/**
 * Job flows end to end, as an owner meets them: a five-node flow drawn by mouse on the shared
 * canvas (two parallel shell nodes, the second one continuing on failure, then an approval gate
 * decided by a colleague, then an HTTP request to a receiver this spec runs), saved, published and
 * run now. The run page colours the nodes live as they run; the second shell fails (the marker
 * file it tests for is not there yet), the gate waits, its approver approves it from the emailed
 * link without a session, and the run ends partial. With the marker in place, "Rerun failed
 * nodes" runs that node only: the first shell, the gate and the request are kept from the first
 * run (never executed again, nobody asked again) and the rerun ends success. Then the run's nodes
 * by keyboard, and the flow list and the run page at phone width.
 */
test.describe
  .serial("job flows", () => {
    test.setTimeout(180_000);

    const owner = person("flows-owner");
    const approver = person("flows-approver");
    const flowName = `Release ${owner.email.slice(12, 20)}`;
    let hooks: WebhookServer;
    let dir = "";
    let slug = "";
    let o: Page;
    let flowPath = "";
    let runPath = "";
    let rerunPath = "";
    /** The ids of the nodes drawn in the first test. */
    const ids = { build: "", check: "", gate: "", notify: "" };

    test.beforeAll(async ({ browser }) => {
      hooks = await startWebhookServer();
      // The shell nodes run on this machine (the app's server): they write and test files here.
      dir = mkdtempSync(path.join(tmpdir(), "opsdesk-e2e-flows-"));
      o = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
      slug = await signUp(o, owner);
      // The gate's approver: a member of the owner's tenant (whoever starts a run may not approve it).
      const a = await newPage(browser);
      await signUp(a, approver);
      await addByInvitation(o, slug, [{ person: approver, page: a }]);
      await a.context().close();
    });

    test.afterAll(async () => {
      await o?.context().close();
      await hooks?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const node = (id: string) => o.locator(`.react-flow__node[data-id="${id}"]`);
    const inspector = () => o.getByTestId("graph-inspector");
    /** The id of the nth node of a kind on the canvas. */
    const idOf = async (kind: string, nth = 0) =>
      ((await o.locator(`[data-kind="${kind}"]`).nth(nth).getAttribute("data-testid")) ?? "").replace(/^node-/, "");
    const centre = async (l: Locator) => {
      const box = await l.boundingBox();
      if (!box) throw new Error("not on screen");
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const centreCanvas = () => o.getByTestId("graph-canvas").evaluate((el) => el.scrollIntoView({ block: "center" }));
    /**
     * A point of the canvas's own coordinates on the screen, from where the start node is drawn
     * (its corner is at 0,0 and it is 200 units wide), so drops land where they are meant to
     * whatever the zoom.
     */
    async function onScreen(x: number, y: number) {
      const box = await node("start").boundingBox();
      if (!box) throw new Error("no start node");
      const zoom = box.width / 200;
      return { x: box.x + x * zoom, y: box.y + y * zoom };
    }
    /** Drags a palette kind onto the canvas so that the new node's middle lands at (x, y) in canvas units. */
    async function drop(kind: string, x: number, y: number) {
      await centreCanvas();
      const canvas = await o.getByTestId("graph-canvas").boundingBox();
      if (!canvas) throw new Error("no canvas");
      const at = await onScreen(x, y);
      expect(at.x > canvas.x && at.x < canvas.x + canvas.width, `x ${x} is on the canvas`).toBe(true);
      expect(at.y > canvas.y && at.y < canvas.y + canvas.height, `y ${y} is on the canvas`).toBe(true);
      await o
        .getByTestId(`palette-${kind}`)
        .dragTo(o.getByTestId("graph-canvas"), { targetPosition: { x: at.x - canvas.x, y: at.y - canvas.y } });
    }
    /** Draws a connection by mouse, from a node's output handle (`success`, `failure`, `always`; the start's `out`) to another's input. */
    async function connect(from: string, handle: string, to: string) {
      await centreCanvas();
      const a = await centre(node(from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`));
      const b = await centre(node(to).locator(".react-flow__handle.target"));
      await o.mouse.move(a.x, a.y);
      await o.mouse.down();
      await o.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await o.mouse.move(b.x, b.y, { steps: 5 });
      await o.mouse.up();
    }
    /** Opens a node's inspector by clicking it, and names it. */
    async function open(id: string, name: string) {
      await centreCanvas();
      await node(id).click();
      await expect(inspector()).toBeVisible();
      await inspector().getByLabel("Name", { exact: true }).fill(name);
    }
    const status = (runNode: string) => o.getByTestId(`run-node-${runNode}`).locator("[data-status]");

    test("drawn by mouse: two parallel shell nodes, one continuing on failure, then an approval gate, then an HTTP request; saved and published", async () => {
      await o.goto(`/t/${slug}`);
      await o.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Flows" }).click();
      await o.waitForURL(new RegExp(`/t/${slug}/flows$`));
      await expect(o.getByTestId("list-total")).toHaveText("No flows");
      await expect(o.getByText("No flows yet")).toBeVisible();
      await o.getByTestId("new-flow").click();
      await o.waitForURL(/\/flows\/new$/);
      await o.getByTestId("flow-name").fill(flowName);
      await expect(o.getByTestId("flow-status")).toHaveText("New flow: not saved yet.");

      // Room for five nodes: zoom out twice (the start node gets smaller).
      await centreCanvas();
      const before = (await node("start").boundingBox())?.width ?? 0;
      await o.locator(".react-flow__controls-zoomout").click();
      await o.locator(".react-flow__controls-zoomout").click();
      await expect.poll(async () => (await node("start").boundingBox())?.width ?? 0).toBeLessThan(before * 0.8);

      // The start is at (0, 0) and the end at (0, 256), both 200 wide: the shells go left and right
      // of the start, the gate between the start and the end, the request at the lower left (the
      // mini map covers the lower right).
      await drop("shell", -150, 112);
      await drop("shell", 350, 112);
      await drop("gate", 100, 176);
      await drop("http", -150, 330);
      await expect(o.locator('[data-kind="shell"]')).toHaveCount(2);
      await expect(o.locator('[data-kind="gate"]')).toHaveCount(1);
      await expect(o.locator('[data-kind="http"]')).toHaveCount(1);
      ids.build = await idOf("shell", 0);
      ids.check = await idOf("shell", 1);
      ids.gate = await idOf("gate");
      ids.notify = await idOf("http");

      await open(ids.build, "Build");
      await inspector()
        .getByLabel("Command", { exact: true })
        .fill(`echo built >> ${dir}/build.log; sleep 5; echo done`);
      await open(ids.check, "Check");
      await inspector().getByLabel("Command", { exact: true }).fill(`sleep 5; test -f ${dir}/ready`);
      await inspector().getByLabel("On failure").selectOption("continue");
      await expect(inspector()).toContainText("the run ends partial at best");
      await open(ids.gate, "Release approval");
      await inspector().getByRole("checkbox", { name: approver.name }).check();
      await expect(node(ids.gate)).toContainText("1 approver");
      await open(ids.notify, "Notify");
      await inspector().getByTestId("job-url").fill(`${hooks.url}/deployed`);

      // The new flow's start → end goes; the start fans out to both shells, which join at the gate.
      await node("start").click();
      await inspector()
        .getByRole("button", { name: /^Remove the connection to End/ })
        .click();
      await expect(o.locator(".react-flow__edge")).toHaveCount(0);
      await connect("start", "out", ids.build);
      await connect("start", "out", ids.check);
      await connect(ids.build, "success", ids.gate);
      await connect(ids.check, "success", ids.gate);
      await connect(ids.gate, "success", ids.notify);
      await connect(ids.notify, "success", "end");
      await expect(o.locator(".react-flow__edge")).toHaveCount(6);
      await expect(o.locator(".react-flow__edge-text", { hasText: "on success" })).toHaveCount(4);
      await expect(o.getByTestId("graph-save-reason")).toHaveCount(0);

      await o.getByTestId("graph-save").click();
      await expect(o.getByText("Flow created.")).toBeVisible();
      await o.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
      flowPath = new URL(o.url()).pathname;
      await expect(o.getByTestId("flow-status")).toHaveText("Draft saved, never published: it cannot run yet.");
      await expect(o.getByTestId("run-flow")).toBeDisabled();

      // What was saved comes back after a reload: six connections, the names and the policy.
      await o.reload();
      await expect(o.locator(".react-flow__edge")).toHaveCount(6);
      await expect(node(ids.check)).toContainText("Check");
      await node(ids.check).click();
      await expect(inspector().getByLabel("On failure")).toHaveValue("continue");

      await o.getByTestId("publish-flow").click();
      await expect(o.getByText("Published as version 1.").first()).toBeVisible();
      await expect(o.getByTestId("flow-status")).toHaveText("Published as version 1.");
      await expect(o.getByTestId("flow-version-1")).toContainText(owner.name);
    });

    test("Run now: the nodes change colour live, the failed branch continues, the gate is approved from the emailed link, and the run ends partial", async ({
      browser,
    }) => {
      await o.goto(flowPath);
      await o.getByTestId("run-flow").click();
      const dialog = o.getByRole("dialog", { name: "Run version 1" });
      await expect(dialog).toContainText("The published version runs with no parameters.");
      await dialog.getByTestId("run-flow-confirm").click();
      await o.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      runPath = new URL(o.url()).pathname;

      // Both shells run at once (blue, with a timer), then Build turns green and Check red, without a reload.
      const canvasStatus = (id: string) => o.getByTestId(`node-${id}`);
      await expect(canvasStatus(ids.build)).toHaveAttribute("data-status", "active", { timeout: 20_000 });
      await expect(canvasStatus(ids.check)).toHaveAttribute("data-status", "active");
      await expect(o.getByTestId(`node-status-${ids.build}`)).toHaveText(/^Running · /);
      await expect(o.getByTestId("flow-run-status").locator("[data-status]")).toHaveAttribute("data-status", "running");
      await expect(canvasStatus(ids.build)).toHaveAttribute("data-status", "good", { timeout: 20_000 });
      await expect(canvasStatus(ids.check)).toHaveAttribute("data-status", "bad");
      // The gate waits (violet), and nothing after it has run.
      await expect(canvasStatus(ids.gate)).toHaveAttribute("data-status", "waiting", { timeout: 20_000 });
      await expect(o.getByTestId(`node-status-${ids.gate}`)).toHaveText("Waiting for approval");
      expect(hooks.received.filter((h) => h.path === "/deployed")).toHaveLength(0);

      // The approver's email: its Approve link works without a session, on confirm.
      const mail = await latestMailTo(
        approver.email,
        new RegExp(`Approval needed: Release approval in flow ${flowName}`),
      );
      expect(mail.text).toContain(owner.name);
      const { approve } = approvalLinks(mail);
      const anon = await newPage(browser);
      try {
        await anon.goto(approve);
        await expect(anon.getByTestId("link-heading")).toContainText("Approve the gate Release approval?");
        await anon.getByRole("button", { name: "Confirm approval" }).click();
        await expect(anon.getByTestId("link-done")).toContainText("You approved the gate.");
        await expect(anon.getByTestId("link-outcome")).toHaveText("The gate is approved: the flow run goes on.");
      } finally {
        await anon.context().close();
      }

      // The open run page follows: the gate green, then the request, then the end.
      await expect(canvasStatus(ids.gate)).toHaveAttribute("data-status", "good", { timeout: 20_000 });
      await expect(canvasStatus(ids.notify)).toHaveAttribute("data-status", "good", { timeout: 20_000 });
      await expect(o.getByTestId("flow-run-status").locator("[data-status]")).toHaveAttribute("data-status", "partial");
      await expect(o.getByTestId("flow-run-status")).toHaveText("Partly succeeded");

      await expect(status(ids.build)).toHaveAttribute("data-status", "success");
      await expect(status(ids.check)).toHaveAttribute("data-status", "failed");
      await expect(status(ids.gate)).toHaveAttribute("data-status", "success");
      await expect(status(ids.notify)).toHaveAttribute("data-status", "success");
      // The request went out once, after the branches joined and the gate was approved.
      expect(hooks.received.filter((h) => h.path === "/deployed")).toHaveLength(1);

      // The failed node's details: its error, by clicking it on the canvas.
      await node(ids.check).click();
      const details = o.getByTestId("run-node-details");
      await expect(details).toContainText("Node “Check”");
      await expect(details.getByRole("alert")).toHaveText("The command exited with code 1.");
    });

    test("Rerun failed nodes runs only Check, now that its marker exists; the rest is kept, and the rerun succeeds", async () => {
      writeFileSync(path.join(dir, "ready"), "");
      const mails = (await latestMailTo(approver.email, /Approval needed/)).text;
      await o.goto(runPath);
      await o.getByTestId("rerun-failed").click();
      await expect(o.getByText("Rerun started.")).toBeVisible();
      await o.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== runPath);
      rerunPath = new URL(o.url()).pathname;

      await expect(o.getByTestId("flow-run-status").locator("[data-status]")).toHaveAttribute(
        "data-status",
        "success",
        {
          timeout: 30_000,
        },
      );
      await expect(status(ids.check)).toHaveAttribute("data-status", "success");
      await expect(status(ids.build)).toHaveAttribute("data-status", "reused");
      await expect(status(ids.gate)).toHaveAttribute("data-status", "reused");
      await expect(status(ids.notify)).toHaveAttribute("data-status", "reused");
      await expect(o.getByTestId(`node-status-${ids.build}`)).toHaveText("Kept from before");
      // Kept means never executed again: Build wrote its line once, the receiver was called once.
      expect(readFileSync(path.join(dir, "build.log"), "utf8").trim().split("\n")).toEqual(["built"]);
      expect(hooks.received.filter((h) => h.path === "/deployed")).toHaveLength(1);
      // The kept gate asked nobody again: the approver's newest email is still the first run's.
      expect((await latestMailTo(approver.email, /Approval needed/)).text).toBe(mails);

      // The flow's runs: the rerun and the first one.
      await o.getByRole("link", { name: "← The flow" }).click();
      const rows = o.getByTestId("flow-run-row");
      await expect(rows).toHaveCount(2);
      await expect(rows.first().locator("[data-status]")).toHaveAttribute("data-status", "success");
      await expect(rows.first()).toContainText("Rerun");
      await expect(rows.nth(1).locator("[data-status]")).toHaveAttribute("data-status", "partial");
    });

    test("the run's nodes by keyboard: the list view shows their statuses, and the nodes table opens one with Enter", async () => {
      await o.goto(runPath);
      // The canvas's list view, chosen by keyboard (Tab to the views' tabs, an arrow to List), with each node's status.
      await tabTo(o, o.getByRole("tab", { name: "Canvas" }));
      await o.keyboard.press("ArrowRight");
      await expect(o.getByRole("tab", { name: "List" })).toHaveAttribute("aria-selected", "true");
      const list = o.getByTestId("graph-list");
      await expect(list).toBeVisible();
      await expect(o.getByTestId(`graph-row-${ids.check}`)).toContainText("Failed");
      await expect(o.getByTestId(`graph-row-${ids.build}`)).toContainText("Succeeded");

      // The nodes table under the canvas: Tab to Check, Enter shows its details.
      await tabTo(o, o.getByTestId(`run-node-${ids.check}`).getByRole("button", { name: "Check" }));
      await o.keyboard.press("Enter");
      await expect(o.getByTestId("run-node-details")).toContainText("Node “Check”");
      await expect(o.getByTestId("run-node-details").locator("[data-status]").first()).toHaveAttribute(
        "data-status",
        "failed",
      );
    });

    test("at phone width the flow list and the run page fit the screen, the run's list view first", async () => {
      await o.setViewportSize({ width: 390, height: 844 });
      try {
        const fits = async () =>
          expect(await o.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await o.goto(`/t/${slug}/flows`);
        await expect(o.getByTestId(`flow-${flowName}`)).toBeVisible();
        await fits();

        await o.goto(rerunPath);
        await expect(o.getByTestId("flow-run-status")).toHaveText("Succeeded");
        const list = o.getByTestId("graph-list");
        await expect(list).toBeVisible();
        await expect(o.getByTestId(`graph-row-${ids.check}`)).toContainText("Succeeded");
        await expect(o.getByTestId(`graph-row-${ids.build}`)).toContainText("Kept from before");
        await expect(o.getByTestId("rerun-failed")).toBeVisible();
        await fits();
        await o.getByRole("tab", { name: "Canvas" }).click();
        await expect(o.locator(".react-flow__node")).toHaveCount(6);
        await fits();
      } finally {
        await o.setViewportSize({ width: 1600, height: 1000 });
      }
    });
  });
