import { expect, newPage, PASSWORD, person, signUp, test } from "./support/fixtures";
import { addCategories } from "./support/work-orders";

/**
 * Opening an order's link while signed out goes through sign-in and lands on that order (not the
 * Overview); a `next` that points off the site is ignored and sign-in lands on the default page.
 */
test("a signed-out reader of an order's link lands on that order after sign-in", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = person("rt-owner");
  const o = await newPage(browser);
  const slug = await signUp(o, owner);
  await addCategories(o, slug);
  await o.goto(`/t/${slug}/work-orders/templates`);
  await o.getByRole("link", { name: "New template" }).click();
  await o.getByLabel("Template name").fill("Quick job");
  await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
  await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
  await o.getByLabel("Command template").fill("echo ok");
  await o.getByRole("switch", { name: "Requires approval" }).uncheck();
  await o.getByRole("button", { name: "Create template" }).click();
  await expect(o.getByText("Template saved (version 1).")).toBeVisible();
  await o.goto(`/t/${slug}/work-orders`);
  await o.getByRole("link", { name: /Quick job/ }).click();
  await o.getByLabel("Title (optional)").fill("Return here");
  await o.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(o.getByTestId("submitted")).toContainText("is approved");
  await o.getByRole("link", { name: /Open order/ }).click();
  await o.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
  const orderPath = new URL(o.url()).pathname;

  await o.context().clearCookies();
  await o.goto(orderPath);
  await o.waitForURL(/\/login\?next=/);
  expect(new URL(o.url()).searchParams.get("next")).toBe(orderPath);
  await o.getByLabel("Email").fill(owner.email);
  await o.getByLabel("Password").fill(PASSWORD);
  await o.getByRole("button", { name: "Sign in" }).click();
  await o.waitForURL((url) => url.pathname === orderPath);
  await expect(o.getByText("Return here").first()).toBeVisible();

  // Off-site targets are never followed: the default page (the first tenant) instead.
  await o.context().clearCookies();
  await o.goto("/login?next=//evil.example");
  await o.getByLabel("Email").fill(owner.email);
  await o.getByLabel("Password").fill(PASSWORD);
  await o.getByRole("button", { name: "Sign in" }).click();
  await o.waitForURL((url) => url.pathname === `/t/${slug}`);
  expect(new URL(o.url()).host).toBe(new URL(orderPath, o.url()).host);
  await o.context().close();
});
