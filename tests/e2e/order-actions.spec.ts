import type { Page } from "@playwright/test";
import { expect, newPage, person, signUp, signUpEach, test } from "./support/fixtures";
import { setUpDeployApi, submitDeployApi } from "./support/work-orders";

/**
 * What people do with an order besides approving and rejecting it, through the UI: the approver
 * transfers their approval (the dialog driven by keyboard alone), the requester withdraws, the
 * approver adds a second approver (on a single-approver level both must then approve), and a
 * member runs a long command with "Execute now" and cancels it while it runs.
 */
test.describe
  .serial("order actions", () => {
    test.setTimeout(120_000);

    const owner = person("oa-owner");
    const alice = person("oa-alice");
    const bob = person("oa-bob");
    const carol = person("oa-carol");
    const mem = person("oa-member");
    let slug = "";
    const pages = {} as Record<"owner" | "alice" | "bob" | "carol" | "mem", Page>;
    const base = () => `/t/${slug}/work-orders`;

    test.beforeAll(async ({ browser }) => {
      test.setTimeout(180_000);
      Object.assign(pages, await signUpEach(browser, { alice, bob, carol, mem }));
      pages.owner = await newPage(browser);
      slug = await signUp(pages.owner, owner);
      // "Deploy api" waits for Alice alone (one single-approver level).
      await setUpDeployApi(pages.owner, slug, { members: [alice, bob, carol, mem], approver: alice, flowName: "Lead" });

      // "Long job" needs no approval and runs for a minute unless it is stopped.
      const o = pages.owner;
      await o.goto(`${base()}/templates`);
      await o.getByRole("link", { name: "New template" }).click();
      await o.getByLabel("Template name").fill("Long job");
      await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
      await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
      await o.getByLabel("Command template").fill("echo start; sleep 60; echo never");
      await o.getByRole("switch", { name: "Requires approval" }).uncheck();
      await expect(o.getByText("Orders are approved at once and can be executed right away.")).toBeVisible();
      await o.getByRole("button", { name: "Create template" }).click();
      await expect(o.getByText("Template saved (version 1).")).toBeVisible();
    });

    test.afterAll(async () => {
      for (const p of Object.values(pages)) await p.context().close();
    });

    /** The member submits "Deploy api" titled `title`; returns the order's path. */
    async function submit(title: string): Promise<string> {
      const orderPath = await submitDeployApi(pages.mem, slug, title);
      await expect(pages.mem.getByTestId("order-status")).toHaveText("Pending");
      return orderPath;
    }

    /** Whether `page`'s "To approve" lists the order titled `title`. */
    async function toApprove(page: Page, title: string) {
      await page.goto(`${base()}/approvals`);
      await expect(page.getByRole("heading", { name: "To approve" })).toBeVisible();
      return page.getByRole("link", { name: new RegExp(title) });
    }

    async function approve(page: Page, orderPath: string, comment: string) {
      await page.goto(orderPath);
      await page.getByLabel("Comment (required to reject)").fill(comment);
      await page.getByRole("button", { name: "Approve", exact: true }).click();
      await expect(page.getByText("You approved the order.")).toBeVisible();
    }

    test("transfer by keyboard: Escape changes nothing; the new approver decides, the first no longer can", async () => {
      const orderPath = await submit("Transfer me");
      const a = pages.alice;
      await a.goto(orderPath);
      const trigger = a.getByRole("button", { name: "Transfer…" });
      const dialog = a.getByRole("dialog", { name: "Transfer your approval" });

      // Opened with Enter, focus lands in the dialog; Escape closes it and gives focus back.
      await trigger.focus();
      await a.keyboard.press("Enter");
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("Transfer to")).toBeFocused();
      await a.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(trigger).toBeFocused();
      await a.reload();
      await expect(a.getByTestId("timeline")).not.toContainText("transferred");
      await expect(a.getByRole("button", { name: "Approve", exact: true })).toBeVisible();

      // Again, all by keyboard: pick Bob by typing, Tab to the comment, Tab to Transfer, Enter.
      await a.getByRole("button", { name: "Transfer…" }).focus();
      await a.keyboard.press("Enter");
      const to = dialog.getByLabel("Transfer to");
      await expect(to).toBeFocused();
      await a.keyboard.type("oa-bob");
      await expect(to.locator("option:checked")).toHaveText(`${bob.name} (${bob.email})`);
      await a.keyboard.press("Tab");
      await expect(dialog.getByLabel("Comment (optional)")).toBeFocused();
      await a.keyboard.type("Bob owns api this week");
      await a.keyboard.press("Tab");
      await a.keyboard.press("Tab");
      await expect(dialog.getByRole("button", { name: "Transfer", exact: true })).toBeFocused();
      await a.keyboard.press("Enter");
      await expect(a.getByText("Approval transferred.")).toBeVisible();
      await expect(dialog).toBeHidden();

      const timeline = a.getByTestId("timeline");
      await expect(timeline).toContainText(`${alice.name} transferred the approval to ${bob.name}`);
      await expect(timeline).toContainText("Bob owns api this week");
      await expect(a.getByTestId("levels")).toContainText("Transferred");
      // Alice has nothing left to do on it.
      await expect(a.getByTestId("order-actions")).toHaveCount(0);
      await expect(await toApprove(a, "Transfer me")).toHaveCount(0);

      // Bob finds it under "To approve" and approves it.
      const b = pages.bob;
      await (await toApprove(b, "Transfer me")).click();
      await b.waitForURL(`**${orderPath}`);
      await approve(b, orderPath, "shipping it");
      await expect(b.getByTestId("order-status")).toHaveText("Approved");
    });

    test("the requester withdraws a pending order; the approver can no longer approve it", async () => {
      const orderPath = await submit("Withdraw me");
      await expect(await toApprove(pages.alice, "Withdraw me")).toBeVisible();

      const m = pages.mem;
      // A destructive action reads as one: red (Tailwind's red-600), not the ghost button's grey.
      const red = await m.evaluate(() => {
        const probe = document.createElement("span");
        probe.className = "text-red-600";
        document.body.append(probe);
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
      });
      await expect(m.getByRole("button", { name: "Withdraw", exact: true })).toHaveCSS("color", red);
      await m.getByRole("button", { name: "Withdraw", exact: true }).click();
      const confirm = m.getByRole("dialog", { name: /^Withdraw order #\d+\?$/ });
      await expect(confirm).toContainText("Pending approvals are cancelled");
      await confirm.getByRole("button", { name: "Withdraw order" }).click();
      await expect(m.getByText("The order was withdrawn.")).toBeVisible();
      await expect(m.getByTestId("order-status")).toHaveText("Withdrawn");
      await expect(m.getByTestId("timeline")).toContainText(`${mem.name} withdrew the order`);
      await expect(m.getByRole("button", { name: "Withdraw", exact: true })).toHaveCount(0);

      const a = pages.alice;
      await expect(await toApprove(a, "Withdraw me")).toHaveCount(0);
      await a.goto(orderPath);
      await expect(a.getByTestId("order-status")).toHaveText("Withdrawn");
      await expect(a.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
      await expect(a.getByText("This order is withdrawn; it cannot be executed.")).toBeVisible();
    });

    test("an added approver on a single-approver level must approve too", async () => {
      const orderPath = await submit("Two pairs of eyes");
      const a = pages.alice;
      await a.goto(orderPath);
      await a.getByRole("button", { name: "Add approver…" }).click();
      const dialog = a.getByRole("dialog", { name: "Add an approver" });
      await dialog.getByLabel("Approver to add").selectOption({ label: `${carol.name} (${carol.email})` });
      await dialog.getByLabel("Comment (optional)").fill("Carol knows the database");
      await dialog.getByRole("button", { name: "Add approver", exact: true }).click();
      await expect(a.getByText("Approver added.")).toBeVisible();
      await expect(dialog).toBeHidden();
      await expect(a.getByTestId("timeline")).toContainText(`${alice.name} added ${carol.name} as an approver`);
      await expect(a.getByTestId("levels")).toContainText(carol.name);

      // Alice's approval alone no longer completes the level.
      await approve(a, orderPath, "fine by me");
      await expect(a.getByTestId("order-status")).toHaveText("Pending");

      // Carol finds it under "To approve"; her approval completes it.
      const c = pages.carol;
      await expect(await toApprove(c, "Two pairs of eyes")).toBeVisible();
      await approve(c, orderPath, "fine by me too");
      await expect(c.getByTestId("order-status")).toHaveText("Approved");
      await expect(c.getByTestId("timeline")).toContainText("Every level approved: the order is approved");
    });

    test("Execute now streams the output; Cancel stops the command long before it ends", async () => {
      const m = pages.mem;
      await m.goto(base());
      await m.getByRole("link", { name: /Long job/ }).click();
      await expect(m.getByText("No approval needed", { exact: true })).toBeVisible();
      // The route the order takes, before it is submitted: none.
      await expect(m.getByTestId("order-route")).toContainText(
        "No approval needed: the order is approved when you submit it.",
      );
      await m.getByLabel("Title (optional)").fill("Long run");
      await m.getByRole("button", { name: "Submit", exact: true }).click();
      await expect(m.getByTestId("submitted")).toContainText("is approved");

      const started = Date.now();
      await m.getByRole("button", { name: "Execute now" }).click();
      await expect(m.getByText("Execution queued.")).toBeVisible();
      await m.waitForURL(/\/work-orders\/[0-9a-f-]{36}\?execution=[0-9a-f-]{36}$/);
      const output = m.getByTestId("live-output");
      await expect(output).toContainText("start", { timeout: 30_000 });
      await expect(m.getByTestId("execution-status")).toHaveText("Running");

      await output.getByRole("button", { name: "Cancel execution" }).click();
      const confirm = m.getByRole("dialog", { name: "Cancel this execution?" });
      await confirm.getByRole("button", { name: "Cancel execution" }).click();
      await expect(m.getByText("Cancel requested.")).toBeVisible();
      await expect(m.getByTestId("execution-status")).toHaveText("Cancelled", { timeout: 20_000 });
      expect(Date.now() - started).toBeLessThan(40_000);
      await expect(output.getByRole("log", { name: "Execution output" })).toContainText("start");
      await expect(output).not.toContainText("never");
      await expect(m.getByTestId("timeline")).toContainText("Execution cancelled");
    });
  });
