import { expect, newPage, person, signIn, signUp, test } from "./support/fixtures";
import { addByInvitation } from "./support/invitations";

test("sign up, create and switch tenants, add a member who then sees only their tenants", async ({ page, browser }) => {
  const owner = person("owner");
  const mate = person("mate");

  // The teammate has an account of their own first.
  const matePage = await newPage(browser);
  const mateSlug = await signUp(matePage, mate);

  const firstSlug = await signUp(page, owner);
  await expect(page.getByTestId("current-tenant").first()).toHaveText(owner.tenantName);

  // Create a second tenant.
  await page.getByRole("button", { name: "Switch tenant" }).first().click();
  await page.getByRole("menuitem", { name: "Create tenant" }).click();
  await page.getByLabel("Tenant name").fill(`Second ${owner.tenantName}`);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await page.waitForURL((url) => url.pathname !== "/tenants/new" && url.pathname.startsWith("/t/"));
  const secondSlug = new URL(page.url()).pathname.split("/")[2];
  expect(secondSlug).not.toBe(firstSlug);
  await expect(page.getByTestId("current-tenant").first()).toHaveText(`Second ${owner.tenantName}`);

  // Switch back to the first, then to the second again with the switcher.
  await page.getByRole("button", { name: "Switch tenant" }).first().click();
  await page.getByRole("menuitem").filter({ hasText: owner.tenantName }).filter({ hasNotText: "Second" }).click();
  await page.waitForURL(`**/t/${firstSlug}`);
  await page.getByRole("button", { name: "Switch tenant" }).first().click();
  await page.getByRole("menuitem", { name: `Second ${owner.tenantName}` }).click();
  await page.waitForURL(`**/t/${secondSlug}`);

  // Invite the teammate to the second tenant as a member; they join from the emailed link.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Members" }).click();
  await addByInvitation(page, secondSlug as string, [{ person: mate, page: matePage }]);
  await page.goto(`/t/${secondSlug}/members`);
  await expect(page.getByTestId(`member-${mate.email}`)).toContainText("Member");

  // The teammate signs in (fresh session) and sees their own tenant and the second one, nothing else.
  await matePage.context().clearCookies();
  await signIn(matePage, mate.email);
  await matePage.waitForURL(/\/t\//);
  await matePage.getByRole("button", { name: "Switch tenant" }).first().click();
  const items = matePage.getByRole("menuitem");
  await expect(items.filter({ hasText: mate.tenantName })).toHaveCount(1);
  await expect(items.filter({ hasText: `Second ${owner.tenantName}` })).toHaveCount(1);
  await expect(items.filter({ hasText: owner.tenantName }).filter({ hasNotText: "Second" })).toHaveCount(0);
  await matePage.keyboard.press("Escape");

  // The owner's first tenant is not theirs: a 404 page, no data.
  const res = await matePage.goto(`/t/${firstSlug}/members`);
  expect(res?.status()).toBe(404);
  await expect(matePage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(matePage.getByText(owner.email)).toHaveCount(0);
  // And the second tenant works for them.
  await matePage.goto(`/t/${secondSlug}/members`);
  await expect(matePage.getByTestId(`member-${owner.email}`)).toContainText("Owner");
  expect(mateSlug).toBeTruthy();
});

test("signed-out visitors are sent to sign in, with the page they asked for kept", async ({ page }) => {
  await page.goto("/t/some-tenant");
  await expect(page).toHaveURL(/\/login\?next=%2Ft%2Fsome-tenant$/);
});
