import type { Page } from "@playwright/test";
import { expect, PASSWORD, person, signUp, test } from "./support/fixtures";
import { text } from "./support/i18n";
import { startWebhookServer, type WebhookServer } from "./support/webhook-server";

/**
 * Jobs through the UI: an owner creates an HTTP job against a receiver this spec runs (a refused
 * save keeps what was typed), schedules it every minute in another zone than the browser's and
 * sees the next 5 runs in both, DST-marked; runs it now with a parameter and sees it succeed,
 * the receiver called, the response shown, and the run in the job's history and on the list.
 * A member of another tenant gets "not found" for that run, its page and its output; the
 * jobs pages speak their language.
 */
test.describe
  .serial("jobs", () => {
    test.setTimeout(180_000);

    const owner = person("jobs-owner");
    const jobName = `Ping receiver ${owner.email.slice(12, 20)}`;
    let hooks: WebhookServer;
    let slug = "";
    let o: Page;
    let jobPath = "";
    let runPath = "";

    test.beforeAll(async ({ browser }) => {
      hooks = await startWebhookServer();
      // The viewer's zone is Shanghai; the schedule's will be New York.
      o = await (await browser.newContext({ timezoneId: "Asia/Shanghai" })).newPage();
      slug = await signUp(o, owner);
    });

    test.afterAll(async () => {
      await o?.context().close();
      await hooks?.close();
    });

    test("an HTTP job is created from the Jobs section; a refused save names its fields and keeps the input", async () => {
      await o.goto(`/t/${slug}`);
      await o.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Jobs" }).click();
      await o.waitForURL(new RegExp(`/t/${slug}/jobs$`));
      await expect(o.getByTestId("list-total")).toHaveText("No jobs");
      await expect(o.getByText("No jobs yet")).toBeVisible();
      await o.getByTestId("new-job").click();

      const form = o.getByTestId("job-form");
      await o.getByTestId("job-url").fill("ftp://example.com/file");
      await o.getByRole("button", { name: "Add parameter" }).click();
      await form.getByLabel("Name 1").fill("Target");
      await form.getByLabel("Default 1").fill("staging");
      await o.getByTestId("job-save").click();
      await expect(o.getByTestId("job-name")).toHaveAccessibleDescription("Enter a name.");
      await expect(o.getByTestId("job-url")).toHaveAccessibleDescription("Enter an http:// or https:// URL.");
      await expect(o.getByTestId("error-summary")).toBeVisible();
      // Nothing typed was lost.
      await expect(form.getByLabel("Default 1")).toHaveValue("staging");

      await o.getByTestId("job-name").fill(jobName);
      await o.getByTestId("job-url").fill(`${hooks.url}/ping/{Target}`);
      await o.getByTestId("job-save").click();
      await o.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
      jobPath = new URL(o.url()).pathname;
      await expect(o.getByRole("heading", { level: 1, name: jobName })).toBeVisible();
      await expect(o.getByTestId("job-summary")).toContainText(`GET ${hooks.url}/ping/{Target}`);
      await expect(o.getByTestId("job-version")).toHaveText("v1");
      await expect(o.getByTestId("runs-total")).toHaveText("No runs");
    });

    test("a schedule every minute previews its next 5 runs in the job's zone and the viewer's, DST changes marked, as it is typed", async () => {
      await o.goto(jobPath);
      await o.getByTestId("schedule-add").click();
      const preview = o.getByTestId("schedule-form").getByTestId("schedule-preview");
      // The viewer's zone is the default.
      await expect(o.getByTestId("schedule-zone")).toHaveValue("Asia/Shanghai");
      await expect(preview).toContainText("Type an expression to see when it runs.");

      await o.getByTestId("schedule-zone").fill("America/New_York");
      // 2027-03-14 02:30 does not exist in New York (clocks go forward): it runs at 03:00 EDT.
      await o.getByTestId("schedule-cron").fill("30 2 14 3 *");
      const first = preview.getByTestId("preview-fire").first();
      await expect(first).toHaveAttribute("data-dst", "shifted");
      await expect(first).toContainText("2027-03-14 03:00 EDT");
      await expect(first).toContainText("your time 2027-03-14 15:00 GMT+8");
      await expect(first).toContainText("This time does not exist that day");

      await o.getByTestId("schedule-cron").fill("* * * * * *");
      await expect(preview).toContainText("Seconds are not supported");
      await o.getByTestId("schedule-cron").fill("* * * * *");
      await expect(preview.getByTestId("preview-fire")).toHaveCount(5);
      const minutes = (await preview.getByTestId("preview-fire").allTextContents()).map(
        (t) => /(\d\d:\d\d) E[SD]T/.exec(t)?.[1],
      );
      expect(new Set(minutes).size).toBe(5);
      await expect(preview).toContainText(
        "First in the schedule's zone (America/New_York), then in yours (Asia/Shanghai).",
      );
      await o.getByTestId("schedule-save").click();

      const card = o.getByTestId("schedule");
      await expect(card.getByTestId("schedule-expression")).toHaveText("* * * * *");
      await expect(card.getByTestId("schedule-state")).toHaveText("Active");
      await expect(card.getByTestId("schedule-preview").getByTestId("preview-fire")).toHaveCount(5);
      await expect(card).toContainText("Next run:");

      // Paused until resumed, then resumed.
      await card.getByTestId("schedule-pause").click();
      await o.getByRole("dialog", { name: "Pause this schedule" }).getByTestId("schedule-pause-confirm").click();
      await expect(card.getByTestId("schedule-state")).toHaveText("Paused");
      await expect(card.getByTestId("schedule-preview")).toContainText(
        "Paused: these fires run only once it is resumed.",
      );
      await card.getByTestId("schedule-resume").click();
      await expect(card.getByTestId("schedule-state")).toHaveText("Active");
    });

    test("Run now takes the parameter's default, the run succeeds against the receiver, and its page shows the response", async () => {
      await o.goto(jobPath);
      await o.getByTestId("run-now").click();
      const dialog = o.getByRole("dialog", { name: "Run now" });
      await expect(dialog.getByLabel("Target")).toHaveValue("staging");
      await dialog.getByLabel("Target").fill("blue");
      await dialog.getByTestId("run-now-confirm").click();
      await o.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      runPath = new URL(o.url()).pathname;
      await expect(o.getByTestId("run-status")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
      await expect(o.getByTestId("run-trigger")).toHaveText("Run now");
      await expect(o.getByTestId("run-params")).toHaveText("Target=blue");
      await expect(o.getByTestId("run-http-status")).toHaveText("200");
      await expect(o.getByTestId("run-http-body")).toHaveText('{"ok":true}');
      expect(hooks.received.some((h) => h.method === "GET" && h.path === "/ping/blue")).toBe(true);

      await o.getByRole("link", { name: `← ${jobName}` }).click();
      const manual = o.getByTestId("run-row").filter({ hasText: "Run now" });
      await expect(manual).toHaveCount(1);
      await expect(manual).toHaveAttribute("data-status", "success");
      // The schedule may have fired meanwhile too: the rate counts every finished run.
      await expect(o.getByTestId("success-rate")).toHaveText(/^\d+ % of the last \d+ runs? succeeded/);
      await expect(o.getByTestId("duration-p50")).not.toHaveText("—");

      await o.goto(`/t/${slug}/jobs`);
      const row = o.getByTestId(`job-${jobName}`);
      // The last run is the manual one, or a scheduled fire since.
      await expect(row.getByTestId("job-last-run").locator("[data-status]")).toHaveAttribute("data-status", /\w+/);
      await expect(row.getByTestId("run-strip")).toBeVisible();
      await expect(row.getByTestId("job-next-fire")).not.toHaveText("No schedule");
      await expect(o.getByTestId("list-total")).toHaveText("1 job");
    });

    test("a member of another tenant gets not found for the run, its page and its output; their jobs pages are in Chinese", async ({
      browser,
    }) => {
      const z = text("zh-CN");
      const other = person("jobs-zh");
      const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
      try {
        await page.goto("/signup");
        await page.getByLabel(z("auth.signup.name")).fill(other.name);
        await page.getByLabel(z("auth.signup.email")).fill(other.email);
        await page.getByLabel(z("auth.signup.password")).fill(PASSWORD);
        await page.getByLabel(z("auth.signup.tenant")).fill(other.tenantName);
        await page.getByRole("button", { name: z("auth.signup.submit") }).click();
        await page.waitForURL(/\/t\/[a-z0-9-]+$/);
        const theirs = new URL(page.url()).pathname.split("/")[2] ?? "";

        const runId = runPath.split("/").pop() ?? "";
        const jobId = jobPath.split("/").pop() ?? "";
        // Under their own tenant, and under the owner's (of which they are no member).
        for (const s of [theirs, slug]) {
          const api = await page.request.get(`/api/t/${s}/job-runs/${runId}/output`);
          expect(api.status(), s).toBe(404);
          expect(await api.text(), s).not.toContain("ok");
        }
        for (const s of [theirs, slug]) {
          const shown = await page.goto(`/t/${s}/jobs/${jobId}/runs/${runId}`);
          expect(shown?.status(), s).toBe(404);
        }

        await page.goto(`/t/${theirs}/jobs`);
        await expect(page.getByRole("heading", { level: 1, name: z("jobs.list.title") })).toBeVisible();
        await expect(page.getByText(z("jobs.list.empty_title"))).toBeVisible();
        await expect(page.getByTestId("list-total")).toHaveText(z("jobs.list.total", { count: 0 }));
        await page.getByTestId("new-job").click();
        await page.getByTestId("job-save").click();
        await expect(page.getByTestId("job-name")).toHaveAccessibleDescription(z("jobs.errors.name_required"));
      } finally {
        await page.context().close();
      }
    });
  });
