import type { Page } from "@playwright/test";
import postgres from "postgres";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { approvalLinks, latestMailTo } from "./support/mail";
import { setUpDeployApi, submitDeployApi } from "./support/work-orders";

/**
 * Approving from an emailed link: the app delivers the approver's email to a real SMTP peer
 * (started by the Playwright global setup); the links work without a session, only on confirm,
 * once. Expiry: the server's clock cannot be moved, so the link's expiry is moved past it instead,
 * in the server's database — reachable from here on PostgreSQL (as in CI); with an embedded
 * database that test is skipped, and expiry is proven with an injected clock in
 * tests/integration/approvals/email-link.executor.test.ts.
 */
test.describe
  .serial("approve from an emailed link", () => {
    test.setTimeout(180_000);

    const owner = person("mail-owner");
    const approver = person("mail-approver");
    let slug = "";
    let o: Page;

    test.beforeAll(async ({ browser }) => {
      test.setTimeout(180_000);
      const a = await newPage(browser);
      await signUp(a, approver);
      await a.context().close();
      o = await newPage(browser);
      slug = await signUp(o, owner);

      await setUpDeployApi(o, slug, { members: [approver], approver, flowName: "By mail" });
    });

    test.afterAll(async () => {
      await o?.context().close();
    });

    test("the emailed Approve link approves on confirm, once; a scanner's GET changes nothing", async ({
      browser,
      request,
    }) => {
      const orderPath = await submitDeployApi(o, slug, "Ship api-2", "api-2");
      const mail = await latestMailTo(approver.email, /Ship api-2/);
      expect(mail.text).toContain(owner.name);
      expect(mail.text).toContain("Environment: PROD");
      expect(mail.text).toContain('echo "deploying api-2"');
      expect(mail.text).toContain("Target host: api-2");
      const { approve, reject } = approvalLinks(mail);

      // A mail scanner fetches both links (no cookies): nothing changes.
      for (const url of [approve, reject, approve]) {
        const res = await request.get(url);
        expect(res.status()).toBe(200);
      }
      await o.goto(orderPath);
      await expect(o.getByTestId("order-status")).toHaveText("Pending");

      // The approver opens the link with no session and confirms.
      const anon = await newPage(browser);
      await anon.goto(approve);
      await expect(anon.getByTestId("link-heading")).toContainText("Approve order #");
      await expect(anon.getByTestId("link-command")).toHaveText('echo "deploying api-2"');
      await anon.getByLabel("Comment (optional)").fill("ok from my inbox");
      await anon.getByRole("button", { name: "Confirm approval" }).click();
      // The page says what happened, from the server's answer: no longer asks "Approve order #…?".
      await expect(anon.getByTestId("link-heading")).toContainText("You approved order #");
      await expect(anon.getByTestId("link-heading")).not.toContainText("Approve order #");
      await expect(anon.getByTestId("link-done")).toContainText("You approved the order.");
      await expect(anon.getByTestId("link-outcome")).toHaveText("The order is now fully approved.");
      await expect(anon.getByRole("button", { name: "Confirm approval" })).toHaveCount(0);

      await o.goto(orderPath);
      await expect(o.getByTestId("order-status")).toHaveText("Approved");
      await expect(o.getByTestId("timeline")).toContainText("ok from my inbox");
      await expect(o.getByTestId("timeline")).toContainText("via email");

      // The same link again (and its Reject twin): already decided.
      for (const url of [approve, reject]) {
        await anon.goto(url);
        await expect(anon.getByTestId("link-dead")).toContainText(
          `This approval was already decided by ${approver.name} (approved).`,
        );
      }
      await anon.context().close();
    });

    test("a Reject link needs a reason; a tampered token is refused", async ({ browser }) => {
      const orderPath = await submitDeployApi(o, slug, "Ship api-1", "api-1");
      const { approve, reject } = approvalLinks(await latestMailTo(approver.email, /Ship api-1/));
      const anon = await newPage(browser);

      // Tampered: one character of the secret changed, or another tenant id.
      const url = new URL(approve);
      const token = url.pathname.split("/").at(-1) as string;
      const last = token.at(-1) === "A" ? "B" : "A";
      for (const forged of [
        `${token.slice(0, -1)}${last}`,
        `00000000-0000-4000-8000-000000000000.${token.split(".")[1]}`,
      ]) {
        await anon.goto(`/approve/${forged}`);
        await expect(anon.getByTestId("link-dead")).toContainText("This link is not valid");
      }

      await anon.goto(reject);
      await expect(anon.getByTestId("link-heading")).toContainText("Reject order #");
      await anon.getByRole("button", { name: "Confirm rejection" }).click();
      await expect(anon.getByText("A rejection needs a reason.")).toBeVisible();
      await o.goto(orderPath);
      await expect(o.getByTestId("order-status")).toHaveText("Pending");

      await anon.getByLabel("Reason (required)").fill("api-1 is frozen");
      await anon.getByRole("button", { name: "Confirm rejection" }).click();
      await expect(anon.getByTestId("link-heading")).toContainText("You rejected order #");
      await expect(anon.getByTestId("link-done")).toContainText("You rejected the order.");
      await expect(anon.getByTestId("link-outcome")).toHaveText("The order is rejected.");
      await o.goto(orderPath);
      await expect(o.getByTestId("order-status")).toHaveText("Rejected");
      await expect(o.getByTestId("timeline")).toContainText("api-1 is frozen");
      await anon.context().close();
    });

    test("the link page speaks its approver's language, not the browser's", async ({ browser }) => {
      await submitDeployApi(o, slug, "Language check", "api-2");
      const { approve } = approvalLinks(await latestMailTo(approver.email, /Language check/));
      // The approver signed up in English; a Chinese browser opening their link still reads English.
      const zh = await (await browser.newContext({ locale: "zh-CN" })).newPage();
      await zh.goto(approve);
      await expect(zh.locator("html")).toHaveAttribute("lang", "en");
      await expect(zh.getByTestId("link-heading")).toContainText("Approve order #");
      await expect(zh.getByRole("button", { name: "Confirm approval" })).toBeVisible();
      // A link nobody knows falls back to the reader's language.
      await zh.goto("/approve/garbage");
      await expect(zh.locator("html")).toHaveAttribute("lang", "zh-CN");
      await expect(zh.getByTestId("link-dead")).toContainText("此链接无效");
      await zh.context().close();
    });

    test("an expired link is refused with a clear page and changes nothing", async ({ browser }) => {
      test.skip(!process.env.DATABASE_URL, "needs the server's database (PostgreSQL) to move the link past its expiry");
      const orderPath = await submitDeployApi(o, slug, "Ship api-1 again", "api-1");
      const { approve } = approvalLinks(await latestMailTo(approver.email, /Ship api-1 again/));
      const orderId = orderPath.split("/").at(-1) as string;
      const db = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
      try {
        const moved = await db`update approval_links set expires_at = now() - interval '1 second'
                               where order_id = ${orderId} returning id`;
        expect(moved.length).toBe(2); // its approve and reject links
      } finally {
        await db.end();
      }
      const anon = await newPage(browser);
      await anon.goto(approve);
      await expect(anon.getByTestId("link-dead")).toContainText("This link has expired");
      await expect(anon.getByRole("button", { name: /Confirm/ })).toHaveCount(0);
      await o.goto(orderPath);
      await expect(o.getByTestId("order-status")).toHaveText("Pending");
      await anon.context().close();
    });

    test("with SMTP configured, the dev Mail page is not served", async () => {
      const res = await o.goto(`/t/${slug}/mail`);
      expect(res?.status()).toBe(404);
    });
  });
