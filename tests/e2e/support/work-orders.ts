import type { Page } from "@playwright/test";
import { expect, type Person } from "./fixtures";
import { buildChainFlow } from "./flows";
import { joinByInvitation } from "./invitations";

/**
 * The owner (on page `o`, tenant `slug`) sets up what an approval spec needs, through the UI:
 * `members` (who have accounts) invited and joined as MEMBER, categories PROD / DeployDocker, a one-level flow `flowName` where
 * `approver` decides alone (built in the designer by keyboard and published), and the template "Deploy api" (`echo "deploying {Host}"`, variable
 * "Target host": api-1 / api-2) using that flow. With `alsoApprovers`, the level is an "or" level:
 * any one of `approver` and them decides.
 */
export async function setUpDeployApi(
  o: Page,
  slug: string,
  opts: { members: Person[]; approver: Person; flowName: string; alsoApprovers?: Person[] },
): Promise<void> {
  const base = `/t/${slug}/work-orders`;
  await joinByInvitation(o, slug, opts.members);

  await addCategories(o, slug);

  const approvers = [opts.approver, ...(opts.alsoApprovers ?? [])];
  await buildChainFlow(o, slug, {
    name: opts.flowName,
    levels: [{ name: "Lead", kind: approvers.length > 1 ? "or" : "single", approvers: approvers.map((a) => a.name) }],
  });

  await o.goto(`${base}/templates`);
  await o.getByRole("link", { name: "New template" }).click();
  await o.getByLabel("Template name").fill("Deploy api");
  await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
  await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
  await o.getByLabel("Command template").fill('echo "deploying {Host}"');
  await o.getByLabel("Approval flow").selectOption({ label: opts.flowName });
  await o.getByRole("button", { name: "Add variable" }).click();
  await o.getByLabel("Variable 1 name").fill("Host");
  await o.getByLabel("Variable 1 label").fill("Target host");
  await o.getByLabel("Variable 1 options (one per line)").fill("api-1\napi-2");
  await o.getByRole("button", { name: "Create template" }).click();
  await expect(o.getByText("Template saved (version 1).")).toBeVisible();
}

/** Environment category PROD and purpose category DeployDocker. */
export async function addCategories(o: Page, slug: string): Promise<void> {
  await o.goto(`/t/${slug}/work-orders/categories`);
  const envs = o.getByTestId("categories-environment");
  await envs.getByLabel("New environment").fill("PROD");
  await envs.getByRole("button", { name: "Add", exact: true }).click();
  await expect(envs.getByText("PROD", { exact: true })).toBeVisible();
  const purposes = o.getByTestId("categories-purpose");
  await purposes.getByLabel("New purpose").fill("DeployDocker");
  await purposes.getByRole("button", { name: "Add", exact: true }).click();
  await expect(purposes.getByText("DeployDocker", { exact: true })).toBeVisible();
}

/** Submits "Deploy api" for `host` titled `title` and opens the order; returns its path. */
export async function submitDeployApi(o: Page, slug: string, title: string, host = "api-1"): Promise<string> {
  await o.goto(`/t/${slug}/work-orders`);
  await o.getByRole("link", { name: /Deploy api/ }).click();
  await o.getByLabel("Target host").selectOption(host);
  await o.getByLabel("Title (optional)").fill(title);
  await o.getByRole("button", { name: "Submit for approval" }).click();
  await expect(o.getByTestId("submitted")).toContainText("submitted");
  await o.getByRole("link", { name: /Open order/ }).click();
  await o.waitForURL(/\/work-orders\/[0-9a-f-]{36}$/);
  return new URL(o.url()).pathname;
}
