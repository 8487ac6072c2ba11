import { randomUUID } from "node:crypto";
import { actionId } from "../faults/support/actions";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { addByInvitation } from "./support/invitations";
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
    await o.goto(`/t/${slug}/work-orders/flows/new`);
    await expect(o.getByTestId("level-1").getByLabel("Release manager")).toBeVisible();

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
