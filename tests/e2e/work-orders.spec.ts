import type { Page } from "@playwright/test";
import { expect, newPage, person, signUp, signUpEach, test } from "./support/fixtures";
import { buildChainFlow } from "./support/flows";
import { addByInvitation } from "./support/invitations";
import { addCategories } from "./support/work-orders";

/**
 * The work-order journey through the UI: an admin sets up categories, a two-level flow and a
 * template; a member submits; approvers decide (countersign of two, then a single approver);
 * the member executes and watches the live output; the history shows it. Plus a rejection.
 */
test.describe
  .serial("work orders", () => {
    test.setTimeout(180_000);

    const owner = person("wo-owner");
    const alice = person("wo-alice");
    const bob = person("wo-bob");
    const mem = person("wo-member");
    let slug = "";
    /** The execution the member ran (another tenant's member then tries to read its output). */
    let executionId = "";
    const pages = {} as Record<"owner" | "alice" | "bob" | "mem", Page>;
    const base = () => `/t/${slug}/work-orders`;

    test.beforeAll(async ({ browser }) => {
      test.setTimeout(180_000);
      Object.assign(pages, await signUpEach(browser, { alice, bob, mem }));
      pages.owner = await newPage(browser);
      slug = await signUp(pages.owner, owner);

      // The owner invites everyone; each joins from their emailed link.
      const o = pages.owner;
      await addByInvitation(o, slug, [
        { person: alice, page: pages.alice },
        { person: bob, page: pages.bob },
        { person: mem, page: pages.mem },
      ]);

      // Categories.
      await addCategories(o, slug);

      // A two-level flow: Alice and Bob countersign, then the owner decides alone.
      await buildChainFlow(o, slug, {
        name: "Two step",
        levels: [
          { name: "Leads", kind: "countersign", approvers: [alice.name, bob.name] },
          { name: "Ops", kind: "single", approvers: [owner.name] },
        ],
      });

      // A template whose command uses {Host}: refused until {Host} is defined.
      await o.goto(`${base()}/templates`);
      await o.getByRole("link", { name: "New template" }).click();
      await o.getByLabel("Template name").fill("Deploy web");
      await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
      await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
      await o.getByLabel("Command template").fill('echo "deploying {Host}"; sleep 1; echo done');
      await expect(o.getByTestId("placeholders")).toContainText("{Host} · undefined");
      await o.getByLabel("Approval flow").selectOption({ label: "Two step" });
      await o.getByRole("button", { name: "Create template" }).click();
      // Next to the field, and in the form's summary of what to fix.
      await expect(o.getByLabel("Command template")).toHaveAccessibleDescription(
        "The command uses undefined variables: {Host}.",
      );
      await expect(o.getByTestId("error-summary")).toContainText(
        "Command template: The command uses undefined variables: {Host}.",
      );
      await expect(o.getByLabel("Command template")).toHaveAttribute("aria-invalid", "true");
      await expect(o.getByLabel("Template name")).toHaveValue("Deploy web");

      await o.getByRole("button", { name: "Add variable" }).click();
      await o.getByLabel("Variable 1 name").fill("Host");
      await o.getByLabel("Variable 1 label").fill("Target host");
      await o.getByLabel("Variable 1 options (one per line)").fill("web-1\nweb-2");
      await expect(o.getByTestId("placeholders")).toContainText("{Host} · variable");
      await o.getByRole("button", { name: "Create template" }).click();
      await expect(o.getByText("Template saved (version 1).")).toBeVisible();
      await o.waitForURL(`**${base()}/templates`);
      await expect(o.getByTestId("template-Deploy web")).toContainText("Enabled");
    });

    test.afterAll(async () => {
      for (const p of Object.values(pages)) await p.context().close();
    });

    /** The member submits "Deploy web" with a host; returns the order page's path. */
    async function submit(title: string, host: string): Promise<string> {
      const m = pages.mem;
      await m.goto(base());
      await expect(
        m.getByRole("navigation", { name: "Environments" }).getByRole("link", { name: /PROD/ }),
      ).toBeVisible();
      await expect(m.getByRole("heading", { name: "DeployDocker" })).toBeVisible();
      await m.getByRole("link", { name: /Deploy web/ }).click();
      await m.getByLabel("Target host").selectOption(host);
      await expect(m.getByTestId("command-preview")).toHaveText(`echo "deploying ${host}"; sleep 1; echo done`);
      await m.getByLabel("Title (optional)").fill(title);
      await m.getByRole("button", { name: "Submit for approval" }).click();
      await expect(m.getByTestId("submitted")).toContainText("submitted");
      await m.getByRole("link", { name: /Open order/ }).click();
      await m.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
      await expect(m.getByTestId("order-status")).toHaveText("Pending");
      return new URL(m.url()).pathname;
    }

    async function approve(page: Page, orderPath: string, comment: string) {
      await page.goto(orderPath);
      await page.getByLabel("Comment (required to reject)").fill(comment);
      await page.getByRole("button", { name: "Approve", exact: true }).click();
      await expect(page.getByText("You approved the order.")).toBeVisible();
    }

    test("submit, countersign, approve, execute with live output, see it in the history", async () => {
      const orderPath = await submit("Ship web-2", "web-2");
      // Level 2 is not reached yet, but the order already names who it will ask.
      await expect(pages.mem.getByTestId("level-upcoming")).toHaveCount(1);
      await expect(pages.mem.getByTestId("level-upcoming")).toContainText(`Will ask: ${owner.name}`);

      // Alice sees it in her queue.
      const a = pages.alice;
      await a.goto(`${base()}/approvals`);
      await expect(a.getByRole("link", { name: /Ship web-2/ })).toBeVisible();
      await approve(a, orderPath, "LGTM");
      await expect(a.getByTestId("order-status")).toHaveText("Pending");

      await approve(pages.bob, orderPath, "ok from bob");
      await expect(pages.bob.getByTestId("order-status")).toHaveText("Pending");

      // Level 2 is reached now: its task replaces the names it would ask.
      await expect(pages.bob.getByTestId("level-upcoming")).toHaveCount(0);
      await approve(pages.owner, orderPath, "go");
      await expect(pages.owner.getByTestId("order-status")).toHaveText("Approved");
      await expect(pages.owner.getByTestId("timeline")).toContainText("LGTM");

      // The member executes and watches the output.
      const m = pages.mem;
      await m.goto(orderPath);
      await expect(m.getByTestId("order-status")).toHaveText("Approved");
      await m.getByTestId("order-actions").getByRole("button", { name: "Execute" }).click();
      const polled = m.waitForRequest(/\/api\/t\/[^/]+\/executions\/[0-9a-f-]{36}\/output/);
      await m.getByRole("dialog").getByRole("button", { name: "Execute" }).click();
      await expect(m.getByText("Execution queued.")).toBeVisible();
      executionId = new URL((await polled).url()).pathname.split("/").at(-2) as string;
      const output = m.getByTestId("live-output");
      await expect(output).toContainText("deploying web-2", { timeout: 30_000 });
      await expect(output).toContainText("done");
      await expect(m.getByTestId("execution-status")).toHaveText("Succeeded", { timeout: 30_000 });
      await expect(output).toContainText("exit code 0");

      // History lists it, and the row opens the order.
      await m.goto(`${base()}/history`);
      const row = m.getByTestId("history-row").filter({ hasText: "Ship web-2" });
      await expect(row).toContainText("Succeeded");
      // The order itself reads as it does on its page: it ran, and succeeded.
      await expect(row.getByTestId("history-order-status")).toHaveText("Executed");
      await m.goto(`${base()}/mine`);
      await expect(m.getByRole("row").filter({ hasText: "Ship web-2" })).toContainText("Executed");
      await m.goto(`${base()}/history`);
      await row.getByRole("link", { name: /Ship web-2/ }).click();
      await expect(m.getByTestId("live-output")).toContainText("deploying web-2");

      // The background run is on the Runs page, with its steps.
      await m.goto(`/t/${slug}/runs`);
      // Searched by its event (press / to reach the search), and counted.
      await m.locator("body").press("/");
      await m.keyboard.type("execution.requested");
      await m.keyboard.press("Enter");
      await expect(m.getByTestId("list-total")).toHaveText(/^\d+ runs?$/);
      await expect(m.getByRole("row").filter({ hasText: "approval/requested" })).toHaveCount(0);
      const run = m.getByRole("row").filter({ hasText: "work-order/execution.requested" }).first();
      await expect(run).toContainText("completed");
      await run.getByRole("link", { name: "Execute work order" }).click();
      await expect(m.getByText("run-command")).toBeVisible();
    });

    test("a rejection needs a reason, and the timeline shows it", async () => {
      const orderPath = await submit("Ship web-1", "web-1");
      const a = pages.alice;
      await a.goto(orderPath);
      await a.getByRole("button", { name: "Reject", exact: true }).click();
      await expect(a.getByText("A rejection needs a reason.")).toBeVisible();
      await expect(a.getByTestId("order-status")).toHaveText("Pending");

      await a.getByLabel("Comment (required to reject)").fill("Wrong host, use web-2");
      await a.getByRole("button", { name: "Reject", exact: true }).click();
      await expect(a.getByText("You rejected the order.")).toBeVisible();
      await expect(a.getByTestId("order-status")).toHaveText("Rejected");
      await expect(a.getByTestId("timeline")).toContainText("Wrong host, use web-2");

      // The requester sees the outcome too, and cannot execute it.
      await pages.mem.goto(orderPath);
      await expect(pages.mem.getByTestId("order-status")).toHaveText("Rejected");
      await expect(pages.mem.getByTestId("timeline")).toContainText("Wrong host, use web-2");
      await expect(pages.mem.getByRole("button", { name: "Execute" })).toHaveCount(0);
    });

    test("another tenant's member gets a 404, never the order", async ({ browser }) => {
      const orderPath = await submit("Ship web-1 again", "web-1");
      const orderId = orderPath.split("/").at(-1) as string;
      const stranger = await newPage(browser);
      const own = await signUp(stranger, person("wo-stranger"));
      for (const path of [orderPath, `/t/${own}/work-orders/${orderId}`]) {
        const res = await stranger.goto(path);
        expect(res?.status()).toBe(404);
        await expect(stranger.getByText("Ship web-1 again")).toHaveCount(0);
      }
      // The output of the member's real execution: not through the stranger's own tenant, not
      // through ours (not a member).
      expect(executionId).toMatch(/^[0-9a-f-]{36}$/);
      for (const tenant of [own, slug]) {
        const api = await stranger.request.get(`/api/t/${tenant}/executions/${executionId}/output`);
        expect(api.status()).toBe(404);
        expect(await api.text()).not.toContain("deploying web-2");
      }
      // …while its owner reads it.
      const mine = await pages.mem.request.get(`/api/t/${slug}/executions/${executionId}/output`);
      expect(mine.status()).toBe(200);
      expect(await mine.text()).toContain("deploying web-2");
    });
  });
