import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { signatureVerifies, startWebhookServer, type WebhookServer } from "./support/webhook-server";
import { setUpDeployApi, submitDeployApi } from "./support/work-orders";

/**
 * Notifications through the UI: an owner adds a signed webhook (posting to a receiver this spec
 * runs) and rewords the in-app "Approval requested"; submitting orders fans out to the approver's
 * bell, inbox, email and the webhook; the approver tunes preferences and mutes an order; the
 * owner reads the delivery log. Members cannot manage channels; outsiders see nothing.
 */
test.describe
  .serial("notifications", () => {
    test.setTimeout(180_000);

    const owner = person("ntf-owner");
    const approver = person("ntf-approver");
    const hookName = "Ops hooks";
    const hookToken = randomUUID();
    const signingSecret = `whsec-${randomUUID()}`;
    let hookUrl = "";
    let hooks: WebhookServer;
    let slug = "";
    let o: Page; // the owner
    let a: Page; // the approver, in a browser context of their own
    const orders: Record<string, { path: string; number: string }> = {};
    const bellOf = (page: Page) => page.getByTestId("notification-bell");

    test.beforeAll(async ({ browser }) => {
      test.setTimeout(180_000);
      hooks = await startWebhookServer();
      hookUrl = `${hooks.url}/opsdesk/${hookToken}`;

      a = await newPage(browser);
      await signUp(a, approver);
      o = await newPage(browser);
      slug = await signUp(o, owner);

      await setUpDeployApi(o, slug, { members: [approver], approver, flowName: "Lead signs" });
    });

    test.afterAll(async () => {
      await o?.context().close();
      await a?.context().close();
      await hooks?.close();
    });

    /** The owner submits "Deploy api" titled `title`; remembers the order's path and number. */
    async function submit(title: string): Promise<void> {
      await submitDeployApi(o, slug, title);
      await expect(o.getByRole("heading", { name: title })).toBeVisible();
      const number = /#(\d+) · Deploy api/.exec((await o.getByRole("main").textContent()) ?? "")?.[1];
      if (!number) throw new Error(`no order number on ${o.url()}`);
      orders[title] = { path: new URL(o.url()).pathname, number };
    }

    /** What the delivery log lists, one line per delivery: "order | event | recipient | channel | status". */
    async function deliveryLog(): Promise<string[]> {
      await o.goto(`/t/${slug}/notifications/deliveries`);
      await expect(o.getByRole("heading", { name: "Delivery log" })).toBeVisible();
      const lines: string[] = [];
      for (const row of await o.getByRole("table").locator("tbody").getByRole("row").all()) {
        const [, event, recipient, channel, subject, status] = await row.getByRole("cell").allInnerTexts();
        const order = Object.keys(orders).find((title) => subject?.includes(title)) ?? subject;
        lines.push([order, event, recipient, channel?.split("\n")[0], status].map((s) => s?.trim()).join(" | "));
      }
      return lines;
    }

    test("an owner adds a signed webhook; its URL and secret are never shown; Send test posts a signed request", async () => {
      await o.goto(`/t/${slug}/notifications/channels`);
      const table = o.getByRole("table", { name: "Notification channels" });
      // Every tenant starts with the built-in Email and In-app channels.
      await expect(table.locator("tbody").getByRole("row")).toHaveCount(2);

      await o.getByRole("button", { name: "Add channel" }).click();
      const dialog = o.getByRole("dialog", { name: "Add channel" });
      await dialog.getByLabel("Kind").selectOption({ label: "Webhook" });
      await dialog.getByLabel("Name", { exact: true }).fill(hookName);
      await dialog.getByLabel("Webhook URL").fill(hookUrl);
      await dialog.getByLabel("Signing secret (optional)").fill(signingSecret);
      await dialog.getByRole("button", { name: "Save channel" }).click();
      await expect(o.getByText(`"${hookName}" was added.`)).toBeVisible();
      await expect(dialog).toHaveCount(0);

      const row = table.getByRole("row").filter({ hasText: hookName });
      await expect(row).toContainText("Webhook");
      await expect(row).toContainText("All events");
      await expect(row).toContainText("URL set");
      await expect(row.getByRole("switch", { name: `Enabled: ${hookName}` })).toHaveAttribute("aria-checked", "true");
      await expect(table.locator("tbody").getByRole("row")).toHaveCount(3);

      // Neither the URL nor the secret reaches the browser: not now, not after a reload, not in Edit.
      const neverShown = async () => {
        const html = await o.content();
        expect(html).not.toContain(hookToken);
        expect(html).not.toContain(signingSecret);
      };
      await neverShown();
      await o.reload();
      await expect(row).toContainText("URL set");
      await neverShown();
      await row.getByRole("button", { name: "Edit" }).click();
      const edit = o.getByRole("dialog", { name: "Edit channel" });
      await expect(edit.getByLabel("Webhook URL")).toHaveValue("");
      await expect(edit.getByLabel("Signing secret (optional)")).toHaveValue("");
      await neverShown();
      await edit.getByRole("button", { name: "Cancel" }).click();
      await expect(edit).toHaveCount(0);

      expect(hooks.received).toHaveLength(0);
      await row.getByRole("button", { name: "Send test" }).click();
      await expect(o.getByText("The channel accepted the test message.")).toBeVisible();
      expect(hooks.received).toHaveLength(1);
      const [hook] = hooks.received;
      expect(hook?.method).toBe("POST");
      expect(hook?.path).toBe(`/opsdesk/${hookToken}`);
      expect(hook?.headers["content-type"]).toBe("application/json");
      expect(hook?.json).toMatchObject({
        event: "test",
        tenant: { name: owner.tenantName },
        recipient: { email: owner.email, name: owner.name },
      });
      expect(String(hook?.json?.link)).toMatch(new RegExp(`/t/${slug}/notifications$`));
      expect(String(hook?.json?.subject)).toContain("[Test]");
      expect(hook && signatureVerifies(hook, signingSecret)).toBe(true);
      expect(hook && signatureVerifies(hook, `${signingSecret}x`)).toBe(false);
    });

    test("the channel form refuses a non-http URL and an empty name, keeps what was typed, adds nothing", async () => {
      await o.goto(`/t/${slug}/notifications/channels`);
      const rows = o.getByRole("table", { name: "Notification channels" }).locator("tbody").getByRole("row");
      await expect(rows).toHaveCount(3);

      await o.getByRole("button", { name: "Add channel" }).click();
      const dialog = o.getByRole("dialog", { name: "Add channel" });
      const name = dialog.getByLabel("Name", { exact: true });
      const url = dialog.getByLabel("Webhook URL");
      const secret = dialog.getByLabel("Signing secret (optional)");
      await dialog.getByLabel("Kind").selectOption({ label: "Webhook" });
      await url.fill("ftp://x");
      await secret.fill("kept-secret");
      await dialog.getByRole("button", { name: "Save channel" }).click();

      await expect(name).toHaveAccessibleDescription("Name is required.");
      await expect(name).toHaveAttribute("aria-invalid", "true");
      await expect(url).toHaveAccessibleDescription("Use an http(s) URL.");
      await expect(url).toHaveAttribute("aria-invalid", "true");
      await expect(dialog.getByRole("alert")).toHaveText(["Name is required.", "Use an http(s) URL."]);
      // Still open, with what was typed.
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel("Kind")).toHaveValue("webhook");
      await expect(name).toHaveValue("");
      await expect(url).toHaveValue("ftp://x");
      await expect(secret).toHaveValue("kept-secret");

      // Fixing one field leaves the other's message.
      await name.fill("Broken hook");
      await dialog.getByRole("button", { name: "Save channel" }).click();
      await expect(url).toHaveAccessibleDescription("Use an http(s) URL.");
      await expect(name).not.toHaveAttribute("aria-invalid", "true");
      await expect(name).toHaveValue("Broken hook");

      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toHaveCount(0);
      await o.reload();
      await expect(rows).toHaveCount(3);
      await expect(o.getByText("Broken hook")).toHaveCount(0);
    });

    test("an owner rewords the in-app approval request: unknown variables are refused, the preview fills samples", async () => {
      await o.goto(`/t/${slug}/notifications/templates`);
      await o.getByRole("button", { name: "Approval requested", exact: true }).click();
      await o.getByRole("tab", { name: "In-app" }).click();
      await expect(o.getByRole("tab", { name: "In-app" })).toHaveAttribute("aria-selected", "true");
      const form = o.getByRole("form", { name: "Template" });
      await expect(form).toContainText("Approval requested · In-app · built-in wording");
      const message = form.getByLabel("Message");
      const preview = o.getByTestId("template-preview");

      await message.fill("Please review #${orderNumber} for ${nope}");
      await expect(form.getByTestId("unknown-variables")).toContainText("Unknown variable: ${nope}.");
      await expect(preview).toContainText("Please review #42 for ${nope}");
      await form.getByRole("button", { name: "Save template" }).click();
      await expect(message).toHaveAccessibleDescription("Unknown variable: ${nope}.");
      await expect(message).toHaveAttribute("aria-invalid", "true");
      await expect(message).toHaveValue("Please review #${orderNumber} for ${nope}");

      await message.fill("Please review #${orderNumber} for ${requesterName}");
      await expect(form.getByTestId("unknown-variables")).toHaveCount(0);
      await expect(preview).toContainText("Please review #42 for Grace Hopper");
      await form.getByRole("button", { name: "Save template" }).click();
      await expect(o.getByText("Approval requested (In-app) saved.")).toBeVisible();
      await expect(message).not.toHaveAttribute("aria-invalid", "true");
      await expect(form).toContainText("customised");

      // Kept after a reload, marked customised.
      await o.reload();
      await o.getByRole("button", { name: /^Approval requested/ }).click();
      await expect(o.getByRole("button", { name: /^Approval requested/ })).toContainText("customised");
      await o.getByRole("tab", { name: "In-app (customised)" }).click();
      await expect(form.getByLabel("Message")).toHaveValue("Please review #${orderNumber} for ${requesterName}");
      await expect(preview).toContainText("Please review #42 for Grace Hopper");
    });

    test("an owner writes a 简体中文 version of the in-app approval request; the default version stays as it was", async () => {
      await o.goto(`/t/${slug}/notifications/templates`);
      await o.getByRole("button", { name: /^Approval requested/ }).click();
      await o.getByRole("tab", { name: "简体中文" }).click();
      await o.getByRole("tab", { name: /^In-app/ }).click();
      const form = o.getByRole("form", { name: "Template" });
      // Without a version of its own, a language shows what its readers get now: the default version.
      await expect(form).toContainText("Approval requested · In-app · 简体中文 · uses the Default version text");
      await expect(form.getByLabel("Message")).toHaveValue("Please review #${orderNumber} for ${requesterName}");
      await form.getByLabel("Message").fill("请审批 #${orderNumber}（${requesterName} 提交）");
      await form.getByRole("button", { name: "Save template" }).click();
      await expect(o.getByText("Approval requested (In-app, 简体中文) saved.")).toBeVisible();

      await o.reload();
      await o.getByRole("button", { name: /^Approval requested/ }).click();
      await o.getByRole("tab", { name: "简体中文 (customised)" }).click();
      await o.getByRole("tab", { name: "In-app (customised)" }).click();
      await expect(form.getByLabel("Message")).toHaveValue("请审批 #${orderNumber}（${requesterName} 提交）");
      await o.getByRole("tab", { name: "Default version (customised)" }).click();
      await expect(form.getByLabel("Message")).toHaveValue("Please review #${orderNumber} for ${requesterName}");
    });

    test("submitted orders reach the approver's bell, inbox and the webhook, in the customised wording", async () => {
      await submit("Release alpha");
      await submit("Release beta");
      const alpha = orders["Release alpha"] as { path: string; number: string };

      // The bell polls every 15 s: reload until both approval requests are in.
      await a.goto(`/t/${slug}/work-orders`);
      const bell = bellOf(a);
      await expect(async () => {
        await a.reload();
        await expect(a.getByTestId("notification-count")).toHaveText("2", { timeout: 3_000 });
      }).toPass({ timeout: 30_000 });
      await expect(bell).toHaveAccessibleName("Notifications, 2 unread");

      await bell.click();
      const menu = a.getByRole("menu");
      const item = menu.getByRole("menuitem").filter({ hasText: "Release alpha" });
      await expect(item).toContainText(`Unread: [${owner.tenantName}] Approval needed: #${alpha.number} Release alpha`);
      await expect(item).toContainText(`Please review #${alpha.number} for ${owner.name}`);
      await expect(menu.getByRole("menuitem").filter({ hasText: "Release beta" })).toBeVisible();
      await item.click();
      await a.waitForURL(`**${alpha.path}`);
      await expect(a.getByRole("heading", { name: "Release alpha" })).toBeVisible();
      // Opening it marked it read.
      await expect(bell).toHaveAccessibleName("Notifications, 1 unread");

      // "See all" opens the inbox; "Mark all read" clears the rest.
      await bell.click();
      await a.getByRole("menuitem", { name: "See all" }).click();
      await a.waitForURL(`**/t/${slug}/notifications`);
      const inbox = a.getByTestId("inbox");
      await expect(inbox.getByRole("listitem")).toHaveCount(2);
      await expect(inbox).toContainText(`Please review #${alpha.number} for ${owner.name}`);
      await expect(a.getByRole("link", { name: "Unread (1)" })).toBeVisible();
      await a.getByRole("button", { name: "Mark all read" }).click();
      await expect(a.getByText("1 notification marked read.")).toBeVisible();
      await expect(bell).toHaveAccessibleName("Notifications, 0 unread");
      await expect(a.getByTestId("notification-count")).toHaveCount(0);
      await expect(a.getByRole("button", { name: "Mark all read" })).toBeDisabled();
      await a.reload();
      await expect(inbox.getByRole("listitem")).toHaveCount(2);
      await expect(a.getByRole("link", { name: "Unread", exact: true })).toBeVisible();
      await expect(bell).toHaveAccessibleName("Notifications, 0 unread");

      // The team's webhook got the approval request too, addressed to the approver, signed.
      await expect
        .poll(
          () =>
            hooks.received.find(
              (h) => h.json?.event === "approval/requested" && String(h.json?.link).endsWith(alpha.path),
            ),
          { timeout: 30_000, message: "the webhook receives the approval request" },
        )
        .toBeTruthy();
      const hook = hooks.received.find(
        (h) => h.json?.event === "approval/requested" && String(h.json?.link).endsWith(alpha.path),
      );
      expect(hook?.json).toMatchObject({
        recipient: { email: approver.email, name: approver.name },
        subject: `[${owner.tenantName}] Approval needed: #${alpha.number} Release alpha`,
      });
      expect(String(hook?.json?.text)).toContain(`${owner.name} asks for your approval of #${alpha.number}`);
      expect(hook?.headers["x-opsdesk-event"]).toBe("approval/requested");
      expect(hook && signatureVerifies(hook, signingSecret)).toBe(true);
    });

    test("the approver keeps a preference across reloads and mutes an order", async () => {
      await a.goto(`/t/${slug}/notifications/preferences`);
      const lockedEmail = a.getByLabel("Email: Approval requested", { exact: true });
      await expect(lockedEmail).toBeChecked();
      await expect(lockedEmail).toBeDisabled();
      await expect(lockedEmail).toHaveAccessibleDescription("always: it carries your approve/reject links");
      const inApp = a.getByLabel("In-app: Approval requested", { exact: true });
      await expect(inApp).toBeChecked();
      await inApp.uncheck();
      await a.getByRole("button", { name: "Save preferences" }).click();
      await expect(a.getByText("Preferences saved.")).toBeVisible();

      await a.reload();
      await expect(a.getByLabel("In-app: Approval requested", { exact: true })).not.toBeChecked();
      await expect(a.getByLabel("Email: Approval requested", { exact: true })).toBeChecked();
      await expect(a.getByLabel("IM / webhooks: Approval requested", { exact: true })).toBeChecked();
      await expect(a.getByLabel("In-app: Approval urged", { exact: true })).toBeChecked();
      await expect(a.getByText("No muted orders")).toBeVisible();

      // Mute "Release alpha" from its page: the toggle flips and stays flipped.
      const alpha = orders["Release alpha"] as { path: string; number: string };
      await a.goto(alpha.path);
      await a.getByRole("button", { name: "Mute notifications" }).click();
      await expect(a.getByText("This order is muted for you.")).toBeVisible();
      await expect(a.getByRole("button", { name: "Unmute notifications" })).toBeVisible();
      await a.reload();
      await expect(a.getByRole("button", { name: "Unmute notifications" })).toBeVisible();

      await a.goto(`/t/${slug}/notifications/preferences`);
      const muted = a.getByTestId("muted-orders");
      await expect(muted.getByRole("listitem")).toHaveCount(1);
      await expect(muted.getByRole("link", { name: `#${alpha.number} Release alpha` })).toBeVisible();
      await expect(muted.getByRole("button", { name: `Unmute #${alpha.number} Release alpha` })).toBeVisible();
    });

    test("the delivery log shows every delivery sent, honours the preference and the mute", async () => {
      // After the preference: the approver's request arrives by email and webhook, not in-app.
      await submit("Release gamma");
      // Reminders: "Release alpha" is muted by the approver, "Release beta" is not.
      for (const title of ["Release alpha", "Release beta"]) {
        await o.goto((orders[title] as { path: string }).path);
        await o.getByRole("button", { name: "Urge approvers" }).click();
        await expect(o.getByText("1 approver was reminded.")).toBeVisible();
      }

      const line = (order: string, event: string, recipient: string, channel: string, status = "Sent") =>
        [order, event, recipient, channel, status].join(" | ");
      const expected = [
        line("Release alpha", "Order submitted", owner.email, "Email"),
        line("Release alpha", "Order submitted", owner.name, "In-app"),
        line("Release alpha", "Order submitted", owner.name, hookName),
        line("Release alpha", "Approval requested", approver.email, "Email"),
        line("Release alpha", "Approval requested", approver.name, "In-app"),
        line("Release alpha", "Approval requested", approver.name, hookName),
        line("Release gamma", "Approval requested", approver.email, "Email"),
        line("Release gamma", "Approval requested", approver.name, hookName),
        line("Release beta", "Approval urged", approver.email, "Email"),
        line("Release beta", "Approval urged", approver.name, "In-app"),
        line("Release beta", "Approval urged", approver.name, hookName),
      ];
      let log: string[] = [];
      await expect
        .poll(
          async () => {
            log = await deliveryLog();
            return log;
          },
          { timeout: 45_000, intervals: [1_000, 2_000], message: "every delivery is sent" },
        )
        .toEqual(expect.arrayContaining(expected));

      // Nothing failed or is stuck; the turned-off in-app request and the muted reminder were never planned.
      expect(log.filter((l) => !l.endsWith(" | Sent"))).toEqual([]);
      expect(log.filter((l) => l.startsWith("Release gamma | Approval requested") && l.includes("In-app"))).toEqual([]);
      expect(log.filter((l) => l.startsWith("Release alpha | Approval urged"))).toEqual([]);
      expect(await o.content()).not.toContain(hookToken);
    });

    test("a webhook that is down ends Failed in the log after its retries; Retry sends it once it is back", async () => {
      test.setTimeout(180_000);
      hooks.answerWith(503);
      await submit("Release delta");
      const row = () =>
        o
          .getByRole("table")
          .locator("tbody")
          .getByRole("row")
          .filter({ hasText: "Release delta" })
          .filter({ hasText: "Approval requested" })
          .filter({ hasText: hookName });
      // Five attempts with backoff (1 + 2 + 4 + 8 s), then it ends failed, with what the receiver said.
      await expect
        .poll(
          async () => {
            await o.goto(`/t/${slug}/notifications/deliveries`);
            return (await row().textContent()) ?? "";
          },
          { timeout: 90_000, intervals: [2_000, 3_000], message: "the webhook delivery ends failed" },
        )
        .toContain("Failed");
      await expect(row()).toContainText("503");
      const tried = hooks.received.filter((h) => h.body.includes("Release delta") && h.body.includes(approver.email));
      expect(tried).toHaveLength(5);

      hooks.answerWith(200);
      await row().getByRole("button", { name: "Retry" }).click();
      await expect(o.getByText("Retry queued.")).toBeVisible();
      await expect(row()).toContainText("Sent", { timeout: 30_000 });
      expect(
        hooks.received.filter((h) => h.body.includes("Release delta") && h.body.includes(approver.email)),
      ).toHaveLength(6);
    });

    test("members cannot manage channels; someone outside the tenant gets a 404", async ({ browser }) => {
      await a.goto(`/t/${slug}/notifications/channels`);
      await expect(a.getByText("Only owners and admins manage notification channels")).toBeVisible();
      await expect(a.getByRole("table")).toHaveCount(0);
      await expect(a.getByText(hookName)).toHaveCount(0);
      expect(await a.content()).not.toContain(hookToken);
      const tabs = a.getByRole("navigation", { name: "Notifications", exact: true });
      await expect(tabs.getByRole("link")).toHaveText(["Inbox", "Preferences"]);
      await a.goto(`/t/${slug}/notifications/deliveries`);
      await expect(a.getByText("Only owners and admins can read the delivery log")).toBeVisible();
      await expect(a.getByRole("table")).toHaveCount(0);

      const outsider = await newPage(browser);
      await signUp(outsider, person("ntf-outsider"));
      for (const path of ["", "/channels", "/preferences"]) {
        const res = await outsider.goto(`/t/${slug}/notifications${path}`);
        expect(res?.status()).toBe(404);
        await expect(outsider.getByRole("heading", { name: "Page not found" })).toBeVisible();
        await expect(outsider.getByText("Release alpha")).toHaveCount(0);
      }
      const unread = await outsider.request.get(`/api/t/${slug}/notifications/unread`);
      expect(unread.status()).toBe(404);
      expect(await unread.text()).not.toContain("Release");
      await outsider.context().close();
    });
  });
