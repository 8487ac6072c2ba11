import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { SERVER_LOG } from "../../playwright.config";
import { expect, newPage, PASSWORD, person, signIn, signUp, test } from "./support/fixtures";
import { addCategories } from "./support/work-orders";

/**
 * No secret reaches the server's log: the password typed at sign-in, an internal variable's value,
 * a channel's URL (which carries its token) and its signing secret. The production server that e2e
 * starts writes everything it prints to SERVER_LOG; after the secrets have gone through the app,
 * none of them is in it.
 */
test("passwords, internal values and channel secrets never reach the server log", async ({ browser }) => {
  const o = await newPage(browser);
  const owner = person("log-scan");
  const slug = await signUp(o, owner);
  // A second sign-in sends the password through the sign-in action too.
  await o.context().clearCookies();
  await signIn(o, owner.email);
  await expect(o).toHaveURL(new RegExp(`/t/${slug}`));

  const internalValue = `int-${randomUUID()}`;
  const hookToken = `tok${randomUUID().replaceAll("-", "")}`;
  const hookUrl = `http://127.0.0.1:9/hooks/${hookToken}`;
  const signingSecret = `whsec-${randomUUID()}`;

  await addCategories(o, slug);
  await o.goto(`/t/${slug}/work-orders/templates`);
  await o.getByRole("link", { name: "New template" }).click();
  await o.getByLabel("Template name").fill("Log scan");
  await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
  await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
  await o.getByLabel("Command template").fill('echo "{Token}" > /dev/null');
  await o.getByRole("switch", { name: "Requires approval" }).click();
  await o.getByRole("button", { name: "Add internal variable" }).click();
  await o.getByLabel("Internal variable 1 name").fill("Token");
  await o.getByLabel("Internal variable 1 value").fill(internalValue);
  await o.getByRole("button", { name: "Create template" }).click();
  await expect(o.getByText("Template saved (version 1).")).toBeVisible();

  await o.goto(`/t/${slug}/notifications/channels`);
  await o.getByRole("button", { name: "Add channel" }).click();
  const dialog = o.getByRole("dialog", { name: "Add channel" });
  await dialog.getByLabel("Kind").selectOption({ label: "Webhook" });
  await dialog.getByLabel("Name", { exact: true }).fill("Log scan hook");
  await dialog.getByLabel("Webhook URL").fill(hookUrl);
  await dialog.getByLabel("Signing secret (optional)").fill(signingSecret);
  await dialog.getByRole("button", { name: "Save channel" }).click();
  await expect(o.getByText(`"Log scan hook" was added.`)).toBeVisible();
  // Sending a test to the (unreachable) URL makes the server report a failure: still no URL in the log.
  const row = o
    .getByRole("table", { name: "Notification channels" })
    .getByRole("row")
    .filter({ hasText: "Log scan hook" });
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(
    o
      .locator("[data-sonner-toast]")
      .filter({ hasText: /127\.0\.0\.1/ })
      .first(),
  ).toBeVisible();

  const log = readFileSync(SERVER_LOG, "utf8");
  expect(log.length, "the server's log is being captured").toBeGreaterThan(0);
  for (const [what, secret] of Object.entries({ PASSWORD, internalValue, hookToken, signingSecret }))
    expect(log.includes(secret), `${what} is in the server log`).toBe(false);
});
