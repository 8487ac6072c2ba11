import type { Browser, Page } from "@playwright/test";
import { expect, PASSWORD, type Person, person, signUp, test } from "./support/fixtures";
import { text } from "./support/i18n";
import { invitationLinkTo, invite } from "./support/invitations";
import { latestMailTo, type ReceivedMail } from "./support/mail";
import { setUpDeployApi } from "./support/work-orders";

const zh = text("zh-CN");
const en = text("en");

/** A browser context that asks for 简体中文 (Accept-Language: zh-CN), as a Chinese browser does. */
async function chinesePage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ locale: "zh-CN" })).newPage();
}

/** Signs up through the Chinese form; the page is Chinese before anything is typed. */
async function signUpInChinese(page: Page, p: Person): Promise<void> {
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: zh("auth.signup.heading") })).toBeVisible();
  await page.getByLabel(zh("auth.signup.name")).fill(p.name);
  await page.getByLabel(zh("auth.signup.email")).fill(p.email);
  await page.getByLabel(zh("auth.signup.password")).fill(PASSWORD);
  await page.getByLabel(zh("auth.signup.tenant")).fill(p.tenantName);
  await page.getByRole("button", { name: zh("auth.signup.submit") }).click();
  await page.waitForURL(/\/t\/[a-z0-9-]+$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
}

/** Opens the emailed invitation (signed in) and joins, on the Chinese invitation page. */
async function joinInChinese(page: Page, email: string, slug: string, tenant: string): Promise<void> {
  await page.goto(await invitationLinkTo(email));
  await page.getByRole("button", { name: zh("auth.invite.join", { tenant }) }).click();
  await page.waitForURL(`**/t/${slug}`);
}

/** An approval email's Approve link, found by its label in the email's language. */
function approveLink(mail: ReceivedMail, t: typeof zh): string {
  const label = t("approvals.email.approve");
  const link = new RegExp(`${label}: (\\S+)`).exec(mail.text)?.[1];
  if (!link) throw new Error(`no "${label}" link in: ${mail.text}`);
  expect(mail.links).toContain(link);
  return link;
}

/**
 * Issue 15's proof in 简体中文: people whose browsers ask for Chinese sign up, submit an order,
 * approve it from the emailed link and execute it, reading Chinese on every page and in the
 * email, with `<html lang="zh-CN">`; an approver whose profile is English gets the English email
 * for the same order. The admin who sets the tenant up reads English throughout.
 */
test("in 简体中文: sign up, submit, approve from the emailed link, execute; an English approver is mailed in English", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const owner = person("zh-owner");
  const requester = person("zh-requester");
  const approver = person("zh-approver");
  const englishApprover = person("en-approver");

  const o = await browser.newPage();
  const slug = await signUp(o, owner);
  await expect(o.locator("html")).toHaveAttribute("lang", "en");

  const r = await chinesePage(browser);
  await signUpInChinese(r, requester);
  const a = await chinesePage(browser);
  await signUpInChinese(a, approver);
  const e = await browser.newPage();
  await signUp(e, englishApprover);

  // The English admin invites the three; the Chinese ones join on the Chinese invitation page.
  for (const p of [requester, approver, englishApprover]) await invite(o, slug, p.email);
  await joinInChinese(r, requester.email, slug, owner.tenantName);
  await joinInChinese(a, approver.email, slug, owner.tenantName);
  await e.goto(await invitationLinkTo(englishApprover.email));
  await e.getByRole("button", { name: /^Join / }).click();
  await e.waitForURL(`**/t/${slug}`);

  await setUpDeployApi(o, slug, { members: [], approver, alsoApprovers: [englishApprover], flowName: "双人任一" });

  // The requester submits, on Chinese pages.
  await r.goto(`/t/${slug}/work-orders`);
  await expect(r.getByRole("heading", { name: zh("work-orders.submit.title") })).toBeVisible();
  await r.getByRole("link", { name: /Deploy api/ }).click();
  // Before submitting, the route it will take: the or-sign level and who may decide it, in Chinese.
  await expect(r.getByTestId("order-route")).toContainText(zh("approvals.order_route.title"));
  const route = r.getByTestId("order-route-levels");
  await expect(route).toContainText(zh("approvals.designer.kind_short.or"));
  await expect(route).toContainText(approver.name);
  await expect(route).toContainText(englishApprover.name);
  await r.getByLabel("Target host").selectOption("api-1");
  const title = "发布 api-1";
  await r.getByLabel(zh("work-orders.submit.title_label")).fill(title);
  await r.getByRole("button", { name: zh("work-orders.submit.submit_for_approval") }).click();
  // Order numbers come from a sequence shared by tenants on PostgreSQL: read this one.
  await expect(r.getByTestId("submitted")).toContainText(/#\d+/);
  const number = /#(\d+)/.exec((await r.getByTestId("submitted").textContent()) ?? "")?.[1] ?? "";
  await expect(r.getByTestId("submitted")).toContainText(
    zh("work-orders.submit.heading", { number, status: "pending" }),
  );
  await r.getByRole("link", { name: zh("work-orders.submit.open_order", { number }) }).click();
  await r.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
  const orderPath = new URL(r.url()).pathname;
  await expect(r.getByTestId("order-status")).toHaveText(zh("work-orders.status.pending"));
  await expect(r.locator("html")).toHaveAttribute("lang", "zh-CN");

  // The same order's approval email: Chinese to the Chinese approver, English to the English one.
  const zhMail = await latestMailTo(approver.email, /#\d+/);
  const enMail = await latestMailTo(englishApprover.email, /#\d+/);
  const wording = (to: Person) => ({
    tenantName: owner.tenantName,
    orderNumber: number,
    orderTitle: title,
    userName: to.name,
    requesterName: requester.name,
    templateName: "Deploy api",
    environment: "PROD",
  });
  expect(zhMail.subject).toBe(zh("notifications.builtin.approval_requested.subject", wording(approver)));
  expect(zhMail.text).toContain(zh("notifications.builtin.approval_requested.body", wording(approver)));
  expect(zhMail.text).toContain(`${zh("approvals.email.command")}:`);
  expect(zhMail.html).toContain(zh("approvals.email.approve"));
  expect(enMail.subject).toBe(en("notifications.builtin.approval_requested.subject", wording(englishApprover)));
  expect(enMail.text).toContain(en("notifications.builtin.approval_requested.body", wording(englishApprover)));
  expect(enMail.text).toContain(`${en("approvals.email.command")}:`);
  expect(enMail.text).not.toContain(zh("approvals.email.command"));

  // The Chinese approver approves from the link, with no session, and is told what happened.
  const link = await chinesePage(browser);
  await link.goto(approveLink(zhMail, zh));
  await expect(link.locator("html")).toHaveAttribute("lang", "zh-CN");
  await link.getByLabel(zh("approvals.link.comment")).fill("可以发布");
  await link.getByRole("button", { name: zh("approvals.link.confirm_approve") }).click();
  await expect(link.getByTestId("link-done")).toContainText(zh("approvals.link.outcome_approved"));
  await link.context().close();

  // The requester executes it, on the Chinese order page, and sees it executed.
  await r.goto(orderPath);
  await expect(r.getByTestId("order-status")).toHaveText(zh("work-orders.status.approved"));
  await expect(r.getByTestId("timeline")).toContainText("可以发布");
  await r.getByRole("button", { name: zh("work-orders.order.actions.execute"), exact: true }).click();
  const dialog = r.getByRole("dialog");
  await expect(dialog).toContainText(zh("work-orders.order.actions.execute_title", { number }));
  await dialog.getByRole("button", { name: zh("work-orders.order.actions.execute"), exact: true }).click();
  await expect(r.getByTestId("live-output")).toContainText("deploying api-1", { timeout: 30_000 });
  await expect(r.getByTestId("execution-status")).toHaveText(zh("work-orders.status.succeeded"), {
    timeout: 30_000,
  });
  await r.reload();
  await expect(r.getByTestId("order-status")).toHaveText(zh("work-orders.status.executed"));
  await expect(r.locator("html")).toHaveAttribute("lang", "zh-CN");

  // The approver's own pages are Chinese too; the English admin's stay English.
  await a.goto(orderPath);
  await expect(a.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(a.getByTestId("order-status")).toHaveText(zh("work-orders.status.executed"));
  await o.goto(orderPath);
  await expect(o.locator("html")).toHaveAttribute("lang", "en");
  await expect(o.getByTestId("order-status")).toHaveText(en("work-orders.status.executed"));

  for (const p of [o, r, a, e]) await p.context().close();
});
