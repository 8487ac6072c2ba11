import { randomUUID } from "node:crypto";
import { actionId } from "../faults/support/actions";
import { expect, newPage, PASSWORD, person, signUp, test } from "./support/fixtures";
import { addByInvitation, invitationLinkTo } from "./support/invitations";
import { addCategories } from "./support/work-orders";

/**
 * A custom role end to end: an admin makes "Release manager" (execute, no template editing) from the
 * permission catalog, a member holding it executes an order, is refused the template editor in the
 * UI and from a forged action call, and the role can be named as an approval level's approvers.
 */
test("an admin's custom role: its member executes, is refused template edits in the UI and from a forged call, and approves by role", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const owner = person("roles-owner");
  const rm = person("roles-rm");
  const o = await newPage(browser);
  const r = await newPage(browser);
  try {
    const slug = await signUp(o, owner);
    await signUp(r, rm);

    // The role, from the catalog.
    await o.goto(`/t/${slug}/members`);
    await o.getByRole("link", { name: "Roles and permissions" }).click();
    await expect(o.getByTestId("role-Member")).toContainText("built-in");
    await o.getByRole("button", { name: "New role" }).click();
    await o.getByRole("button", { name: "Create role" }).click();
    await expect(o.getByLabel("Role name")).toHaveAccessibleDescription("Name the role.");
    await expect(o.getByTestId("error-summary")).toContainText("Permissions: Give the role at least one permission.");
    await o.getByLabel("Role name").fill("Release manager");
    await o.getByLabel("Description (optional)").fill("Ships approved changes.");
    await o.getByRole("checkbox", { name: /Submit work orders/ }).check();
    await o.getByRole("checkbox", { name: /Execute approved orders/ }).check();
    await o.getByRole("button", { name: "Create role" }).click();
    await expect(o.getByText("Role created.")).toBeVisible();
    const row = o.getByTestId("role-Release manager");
    await expect(row).toContainText("Submit work orders, Execute approved orders");
    await expect(row.getByRole("button", { name: "Edit" })).toBeVisible();
    await expect(o.getByTestId("role-Admin").getByRole("button", { name: "Edit" })).toHaveCount(0);

    // The member joins with it.
    await addByInvitation(o, slug, [{ person: rm, page: r }], "release-manager");
    await o.goto(`/t/${slug}/members`);
    await expect(o.getByTestId(`member-${rm.email}`)).toContainText("Release manager");

    // It can be named as a level's approvers.
    await o.goto(`/t/${slug}/approvals/flows/new`);
    await o.locator('.react-flow__node[data-id="start"]').focus();
    await o.keyboard.press("Enter");
    await o.getByTestId("palette-approval").click();
    await expect(o.getByTestId("level-inspector").getByRole("checkbox", { name: "Release manager" })).toBeVisible();
    // Undone, the new flow has nothing unsaved: leaving asks nothing.
    await o.getByTestId("graph-undo").click();
    await expect(o.getByTestId("graph-editor")).not.toHaveAttribute("data-dirty", "true");

    // A template the role may use, no approval.
    await addCategories(o, slug);
    await o.goto(`/t/${slug}/work-orders/templates/new`);
    await o.getByLabel("Template name").fill("Ship it");
    await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
    await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
    await o.getByLabel("Command template").fill("echo shipped");
    await o.getByRole("switch", { name: "Requires approval" }).click();
    await o.getByRole("checkbox", { name: "Release manager" }).check();
    await o.getByRole("button", { name: "Create template" }).click();
    await expect(o.getByText("Template saved (version 1).")).toBeVisible();

    // The release manager submits and executes.
    await r.goto(`/t/${slug}/work-orders`);
    await r.getByRole("link", { name: /Ship it/ }).click();
    await r.getByRole("button", { name: "Submit", exact: true }).click();
    await expect(r.getByTestId("submitted")).toContainText("is approved");
    await r.getByRole("button", { name: "Execute now" }).click();
    await r.waitForURL(/\/work-orders\/[0-9a-f-]{36}\?execution=[0-9a-f-]{36}$/);
    await expect(r.getByTestId("live-output")).toContainText("shipped", { timeout: 30_000 });

    // The template editor: not in the navigation, refused on the page, refused from a forged call.
    await expect(
      r.getByRole("navigation", { name: "Work orders" }).getByRole("link", { name: "Templates" }),
    ).toHaveCount(0);
    await r.goto(`/t/${slug}/work-orders/templates/new`);
    await expect(r.getByText("Only owners and admins edit templates")).toBeVisible();
    const forged = await r.request.post(`/t/${slug}/work-orders/templates/new`, {
      headers: {
        "Next-Action": actionId("saveTemplateAction", "work-orders/"),
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: new URL(r.url()).origin,
      },
      // Well-formed, so the only thing in its way is the permission.
      data: JSON.stringify([
        {
          tenant: slug,
          name: "Forged",
          environmentId: randomUUID(),
          purposeId: randomUUID(),
          command: "id",
          submitRoles: ["MEMBER"],
          requiresApproval: false,
        },
      ]),
    });
    expect(await forged.text()).toContain("You need the “Manage templates” permission to do that.");
    await o.goto(`/t/${slug}/work-orders/templates`);
    await expect(o.getByTestId("template-Forged")).toHaveCount(0);
  } finally {
    await o.context().close();
    await r.context().close();
  }
});

/**
 * The same pages for a reader whose browser asks for 简体中文: the members page names the built-in
 * roles in Chinese, the roles page lists the permissions by their Chinese labels (not their keys),
 * a refusal of the role form is Chinese, and the runs page speaks Chinese too.
 */
test("in 简体中文: members, roles (built-in role names, permission labels) and runs", async ({ browser }) => {
  const owner = person("zh-roles");
  const invitee = person("zh-invitee");
  const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  try {
    await page.goto("/signup");
    await page.getByLabel("你的名字").fill(owner.name);
    await page.getByLabel("邮箱").fill(owner.email);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByLabel("团队或公司（你的第一个租户）").fill(owner.tenantName);
    await page.getByRole("button", { name: "创建账号" }).click();
    await page.waitForURL(/\/t\/[a-z0-9-]+$/);
    const slug = new URL(page.url()).pathname.split("/")[2] ?? "";

    await page.goto(`/t/${slug}/members`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { name: "成员", exact: true })).toBeVisible();
    await expect(page.getByTestId(`member-${owner.email}`)).toContainText("所有者");
    await expect(page.getByTestId(`member-${owner.email}`)).toContainText("（你）");

    await page.getByLabel("邮箱").fill(invitee.email);
    await page.getByLabel("角色", { exact: true }).selectOption({ label: "只读成员" });
    await page.getByRole("button", { name: "发送邀请" }).click();
    await expect(page.getByText(`已向 ${invitee.email} 发送邀请。`)).toBeVisible();
    await expect(page.getByTestId(`invitation-${invitee.email}`)).toContainText("只读成员");
    // The invitation page names the role in Chinese too.
    await page.goto(await invitationLinkTo(invitee.email));
    await expect(page.getByTestId("invitation")).toContainText("只读成员");
    await page.goto(`/t/${slug}/members`);

    await page.getByRole("link", { name: "角色与权限" }).click();
    await expect(page.getByRole("heading", { name: "角色", exact: true })).toBeVisible();
    await expect(page.getByTestId("role-Member")).toContainText("内置");
    await expect(page.getByTestId("role-Admin")).toContainText("全部权限");
    await expect(page.getByTestId("role-Viewer")).toContainText("查看后台运行");
    await expect(page.getByTestId("role-Viewer")).not.toContainText("runs.read");
    await expect(page.getByTestId("role-Member")).toContainText("运行作业");
    await expect(page.getByTestId("role-Viewer")).toContainText("查看作业");
    await expect(page.getByTestId("role-Viewer")).not.toContainText("运行作业");
    await page.getByRole("button", { name: "新建角色" }).click();
    await expect(page.getByRole("checkbox", { name: /提交工单/ })).toBeVisible();
    await page.getByRole("button", { name: "创建角色" }).click();
    await expect(page.getByLabel("角色名称")).toHaveAccessibleDescription("请为角色命名。");

    await page.goto(`/t/${slug}/runs`);
    await expect(page.getByRole("heading", { name: "运行记录", exact: true })).toBeVisible();
    await expect(page.getByLabel("状态")).toContainText("失败");
  } finally {
    await page.context().close();
  }
});
