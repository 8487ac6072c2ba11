import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

export type ChainLevel = {
  name: string;
  kind: "single" | "countersign" | "or" | "cc";
  /** Named approvers, by their display names. */
  approvers: string[];
};

/** The inspector panel of the approval-flow designer (the selected node's fields). */
export const inspector = (o: Page) => o.getByTestId("graph-inspector");

/** Fills the level inspector of the selected level. */
export async function fillLevel(o: Page, level: ChainLevel): Promise<void> {
  const panel = inspector(o);
  await panel.getByLabel("Level name").fill(level.name);
  await panel.getByLabel("Kind").selectOption(level.kind);
  for (const name of level.approvers) await panel.getByRole("checkbox", { name }).check();
}

/**
 * Builds a chain flow start → levels… → end in the designer by keyboard (the start node focused
 * and opened with Enter, each level added from the palette with Enter: it is spliced in after the
 * selected node and selected), saves and publishes it. Ends on the saved flow's page.
 */
export async function buildChainFlow(
  o: Page,
  slug: string,
  flow: { name: string; levels: ChainLevel[] },
): Promise<string> {
  await o.goto(`/t/${slug}/approvals/flows/new`);
  await o.getByLabel("Flow name").fill(flow.name);
  await o.locator('.react-flow__node[data-id="start"]').focus();
  await o.keyboard.press("Enter");
  await expect(inspector(o)).toBeVisible();
  for (const level of flow.levels) {
    await o.getByTestId("palette-approval").focus();
    await o.keyboard.press("Enter");
    await expect(inspector(o).getByLabel("Level name")).toBeVisible();
    await fillLevel(o, level);
  }
  await o.getByTestId("graph-save").focus();
  await o.keyboard.press("Enter");
  await expect(o.getByText("Approval flow created.")).toBeVisible();
  await o.waitForURL(/\/approvals\/flows\/[0-9a-f-]{36}$/);
  await publishFlow(o, 1);
  return new URL(o.url()).pathname;
}

/** Publishes the flow open on the page and waits for its version's confirmation. */
export async function publishFlow(o: Page, version: number): Promise<void> {
  const publish = o.getByRole("button", { name: "Publish", exact: true });
  await expect(publish).toBeEnabled();
  await publish.focus();
  await o.keyboard.press("Enter");
  await expect(o.getByText(`Version ${version} published.`)).toBeVisible();
  await expect(o.getByTestId("flow-status")).toHaveText(`Published as version ${version}`);
}
