import type { Page } from "@playwright/test";
import { expect, type Person, signIn } from "./fixtures";
import { latestMailTo } from "./mail";

/** The invitation link of the newest invitation email to `to` (absolute URL), in English or 简体中文. */
export async function invitationLinkTo(to: string): Promise<string> {
  const mail = await latestMailTo(to, /invited you to|邀请你加入/);
  const link = /(?:Accept the invitation|接受邀请): (\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`no invitation link in: ${mail.text}`);
  expect(mail.links).toContain(link);
  return link;
}

/** The owner (page `o`, on the tenant's members page) invites `email` as `role`. */
export async function invite(o: Page, slug: string, email: string, role = "MEMBER"): Promise<void> {
  await o.goto(`/t/${slug}/members`);
  await o.getByLabel("Email").fill(email);
  await o.getByLabel("Role", { exact: true }).selectOption(role);
  await o.getByRole("button", { name: "Send invitation" }).click();
  await expect(o.getByText(`Invitation sent to ${email}.`)).toBeVisible();
}

/**
 * Adds people who already have an account (each signed in on their page) to the owner's tenant:
 * the owner invites, each opens their emailed link and joins. For specs that used "Add member".
 */
export async function addByInvitation(
  o: Page,
  slug: string,
  people: { person: Person; page: Page }[],
  role = "MEMBER",
): Promise<void> {
  for (const { person } of people) await invite(o, slug, person.email, role);
  for (const { person, page } of people) {
    await page.goto(await invitationLinkTo(person.email));
    await page.getByRole("button", { name: /^Join / }).click();
    await page.waitForURL(`**/t/${slug}`);
  }
}

/**
 * Adds people who have an account but no page open here: the owner invites each, and each signs
 * in in a browser context of their own, opens the emailed link and joins.
 */
export async function joinByInvitation(o: Page, slug: string, people: Person[], role = "MEMBER"): Promise<void> {
  const browser = o.context().browser();
  if (!browser) throw new Error("joinByInvitation needs a page of a launched browser");
  for (const p of people) await invite(o, slug, p.email, role);
  for (const p of people) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, p.email);
    await page.waitForURL(/\/t\//);
    await page.goto(await invitationLinkTo(p.email));
    await page.getByRole("button", { name: /^Join / }).click();
    await page.waitForURL(`**/t/${slug}`);
    await context.close();
  }
}
