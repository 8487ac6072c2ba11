import type { Page } from "@playwright/test";
import { expect, person, signUp, test } from "./support/fixtures";
import { latestMailTo } from "./support/mail";
import { startWebhookServer, type WebhookServer } from "./support/webhook-server";

/**
 * A job's alerts as its owner meets them: an HTTP job against a receiver that answers 500, with one
 * retry a second later and alerts on failure and recovery to the tenant's Email and In-app
 * channels, is run now; the run fails, its retry (attempt 2) fails too, and only then the failure
 * alert arrives by email and in the inbox, naming the job. The receiver comes back, the next run
 * succeeds, and the recovery alert follows.
 */
test.describe
  .serial("job alerts", () => {
    test.setTimeout(120_000);

    const owner = person("job-alerts");
    const jobName = `Flaky receiver ${owner.email.slice(11, 19)}`;
    let hooks: WebhookServer;
    let slug = "";
    let o: Page;
    let jobPath = "";

    test.beforeAll(async ({ browser }) => {
      hooks = await startWebhookServer();
      o = await (await browser.newContext()).newPage();
      slug = await signUp(o, owner);
    });

    test.afterAll(async () => {
      await o?.context().close();
      await hooks?.close();
    });

    /** Run now from the job's page (it has no parameters); returns the run's page path. */
    async function runNow(): Promise<string> {
      await o.goto(jobPath);
      await o.getByTestId("run-now").click();
      await o.getByRole("dialog", { name: "Run now" }).getByTestId("run-now-confirm").click();
      await o.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      return new URL(o.url()).pathname;
    }

    test("an HTTP job with one retry and alerts to Email and In-app is created through the form", async () => {
      hooks.answerWith(500);
      await o.goto(`/t/${slug}/jobs/new`);
      const form = o.getByTestId("job-form");
      await o.getByTestId("job-name").fill(jobName);
      await o.getByTestId("job-url").fill(`${hooks.url}/flaky`);
      await o.getByTestId("job-retries").fill("1");
      await expect(form.getByLabel("Wait between tries")).toHaveValue("fixed");
      await form.getByLabel("First wait (seconds)").fill("1");

      const channels = o.getByTestId("job-alert-channels");
      await channels.getByLabel("Email", { exact: true }).check();
      await channels.getByLabel("In-app", { exact: true }).check();
      const onFailure = form.getByRole("switch", { name: "When a run fails (after its last retry)" });
      const onRecovery = form.getByRole("switch", { name: "When it recovers" });
      await onFailure.check();
      await onRecovery.check();
      await expect(onFailure).toBeChecked();
      await expect(onRecovery).toBeChecked();

      await o.getByTestId("job-save").click();
      await o.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
      jobPath = new URL(o.url()).pathname;
      await expect(o.getByRole("heading", { level: 1, name: jobName })).toBeVisible();

      // What was saved is what the form shows again.
      await o.goto(`${jobPath}/edit`);
      await expect(o.getByTestId("job-retries")).toHaveValue("1");
      await expect(form.getByLabel("First wait (seconds)")).toHaveValue("1");
      await expect(channels.getByLabel("Email", { exact: true })).toBeChecked();
      await expect(channels.getByLabel("In-app", { exact: true })).toBeChecked();
    });

    test("Run now fails, its retry (attempt 2) fails too, and then the failure alert arrives by email and in the inbox", async () => {
      const firstPath = await runNow();
      await expect(o.getByTestId("run-status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
      await expect(o.getByTestId("run-trigger")).toHaveText("Run now");
      await expect(o.getByTestId("live-output")).toContainText("The server answered with status 500");
      await expect(o.getByTestId("run-http-status")).toHaveText("500");

      // The failed attempt was retried: its page links to attempt 2.
      const retriedBy = o.getByTestId("run-retried-by");
      await expect(async () => {
        await o.reload();
        await expect(retriedBy).toHaveText("retried as attempt 2", { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await retriedBy.click();
      await o.waitForURL((url) => url.pathname !== firstPath && /\/runs\/[0-9a-f-]{36}$/.test(url.pathname));
      await expect(o.getByTestId("run-trigger")).toHaveText("Retry");
      await expect(o.getByTestId("run-attempt")).toContainText("2");
      await expect(o.getByTestId("run-retry-of")).toHaveText("retries an earlier run");
      await expect(o.getByTestId("run-status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
      await expect(o.getByTestId("live-output")).toContainText("The server answered with status 500");
      expect(hooks.received.filter((h) => h.path === "/flaky")).toHaveLength(2);

      const mail = await latestMailTo(owner.email, new RegExp(`Job failed: ${jobName}`));
      expect(mail.subject).toBe(`[${owner.tenantName}] Job failed: ${jobName}`);
      expect(mail.text).toContain(`The run of ${jobName} failed (attempt 2)`);
      expect(mail.text).toContain("status 500");

      const alert = o
        .getByTestId("inbox")
        .getByRole("listitem")
        .filter({ hasText: `Job failed: ${jobName}` });
      await expect(async () => {
        await o.goto(`/t/${slug}/notifications`);
        await expect(alert).toHaveCount(1, { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(alert).toContainText(`The run of ${jobName} failed (attempt 2)`);
      // The first attempt alerted no one: it was retried.
      await expect(o.getByTestId("inbox").getByRole("listitem").filter({ hasText: jobName })).toHaveCount(1);
    });

    test("the receiver is back: Run now succeeds and the recovery alert arrives", async () => {
      hooks.answerWith(200);
      await runNow();
      await expect(o.getByTestId("run-status")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
      await expect(o.getByTestId("run-http-status")).toHaveText("200");
      await expect(o.getByTestId("run-retried-by")).toHaveCount(0);

      const mail = await latestMailTo(owner.email, new RegExp(`Recovered: ${jobName}`));
      expect(mail.subject).toBe(`[${owner.tenantName}] Recovered: ${jobName}`);
      expect(mail.text).toContain(`${jobName} succeeded again after runs that failed.`);

      const inbox = o.getByTestId("inbox");
      await expect(async () => {
        await o.goto(`/t/${slug}/notifications`);
        await expect(inbox.getByRole("listitem").filter({ hasText: `Recovered: ${jobName}` })).toHaveCount(1, {
          timeout: 1_000,
        });
      }).toPass({ timeout: 15_000 });
      await expect(inbox.getByRole("listitem").filter({ hasText: jobName })).toHaveCount(2);
    });
  });
