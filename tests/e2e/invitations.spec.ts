import { expect, newPage, PASSWORD, person, signUp, test } from "./support/fixtures";
import { invitationLinkTo, invite } from "./support/invitations";

/**
 * Members join by emailed invitation (issue 13, item 10). The answer to the inviter never says
 * whether an account uses the address; the link is single-use, expires, and can be revoked.
 */
test.describe("invitations", () => {
  test("invite an address without an account, accept by sign-up, see the member listed", async ({ page, browser }) => {
    const owner = person("inviter");
    const newcomer = person("newcomer");
    const slug = await signUp(page, owner);

    await invite(page, slug, newcomer.email, "VIEWER");
    await expect(page.getByLabel("Email")).toHaveValue(""); // the form resets after a success
    await expect(page.getByTestId(`invitation-${newcomer.email}`)).toContainText("Viewer");

    // The newcomer opens the emailed link in a browser of their own and creates an account.
    const link = await invitationLinkTo(newcomer.email);
    const theirs = await newPage(browser);
    await theirs.goto(link);
    await expect(theirs.getByRole("heading", { name: `Join ${owner.tenantName}` })).toBeVisible();
    await theirs.getByRole("link", { name: "Create an account to accept" }).click();
    await expect(theirs.getByLabel("Email")).toHaveValue(newcomer.email);
    await expect(theirs.getByLabel("Team or company (your first tenant)")).toHaveCount(0);
    await theirs.getByLabel("Your name").fill(newcomer.name);
    await theirs.getByLabel("Password").fill(PASSWORD);
    await theirs.getByRole("button", { name: "Create account" }).click();
    await theirs.waitForURL(`**/t/${slug}`);
    await expect(theirs.getByTestId("current-tenant").first()).toHaveText(owner.tenantName);

    // The owner sees them as a member; the invitation is no longer pending.
    await page.goto(`/t/${slug}/members`);
    await expect(page.getByTestId(`member-${newcomer.email}`)).toContainText("Viewer");
    await expect(page.getByTestId(`invitation-${newcomer.email}`)).toHaveCount(0);

    // The link was single-use.
    await theirs.context().clearCookies();
    await theirs.goto(link);
    await expect(theirs.getByTestId("invitation-dead")).toContainText("already used");
  });

  test("an address with an account and one without get the same answer", async ({ page, browser }) => {
    const owner = person("same");
    const existing = person("existing");
    await signUp(await newPage(browser), existing);
    const slug = await signUp(page, owner);
    await invite(page, slug, existing.email);
    await invite(page, slug, `ghost-${existing.email}`);
    await expect(page.getByText(/No Opsdesk account/)).toHaveCount(0);
  });

  test("a revoked invitation's link is refused", async ({ page, browser }) => {
    const owner = person("revoker");
    const invitee = person("revoked");
    const slug = await signUp(page, owner);
    await invite(page, slug, invitee.email);
    const link = await invitationLinkTo(invitee.email);

    const row = page.getByTestId(`invitation-${invitee.email}`);
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(page.getByText(`The invitation to ${invitee.email} was revoked.`)).toBeVisible();
    await expect(row).toHaveCount(0);

    const theirs = await newPage(browser);
    await theirs.goto(link);
    await expect(theirs.getByTestId("invitation-dead")).toContainText("withdrawn");
    // A browser that asks for 简体中文 reads why in Chinese.
    const chinese = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    await chinese.goto(link);
    await expect(chinese.getByTestId("invitation-dead")).toContainText("此邀请已被撤销。");
    await chinese.context().close();
    await expect(theirs.getByRole("link", { name: "Create an account to accept" })).toHaveCount(0);
    // Going to the sign-up form with the dead link leads back to the refusal.
    await theirs.goto(`/signup?invite=${encodeURIComponent(new URL(link).pathname.split("/")[2] ?? "")}`);
    await expect(theirs.getByTestId("invitation-dead")).toBeVisible();
  });

  test("a resent invitation kills the old link; the new one works for an existing account signing in", async ({
    page,
    browser,
  }) => {
    const owner = person("resender");
    const mate = person("mate");
    const matePage = await newPage(browser);
    await signUp(matePage, mate);
    await matePage.context().clearCookies();
    const slug = await signUp(page, owner);

    await invite(page, slug, mate.email);
    const old = await invitationLinkTo(mate.email);
    await page.getByTestId(`invitation-${mate.email}`).getByRole("button", { name: "Resend" }).click();
    await expect(page.getByText(`A new invitation was sent to ${mate.email}.`)).toBeVisible();
    await expect.poll(() => invitationLinkTo(mate.email)).not.toBe(old);
    const fresh = await invitationLinkTo(mate.email);

    await matePage.goto(old);
    await expect(matePage.getByTestId("invitation-dead")).toContainText("not valid");
    await matePage.goto(fresh);
    await matePage.getByRole("link", { name: "I have an account: sign in to accept" }).click();
    await expect(matePage.getByLabel("Email")).toHaveValue(mate.email);
    await matePage.getByLabel("Password").fill(PASSWORD);
    await matePage.getByRole("button", { name: "Sign in" }).click();
    await matePage.waitForURL(`**/t/${slug}`);
    await page.goto(`/t/${slug}/members`);
    await expect(page.getByTestId(`member-${mate.email}`)).toContainText("Member");
  });
});
