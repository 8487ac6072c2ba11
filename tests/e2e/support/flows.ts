import type { Locator, Page } from "@playwright/test";
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
 * Moves the focus to `target` with Tab (or Shift+Tab when it lies behind), as a keyboard user
 * does; fails when it cannot be reached that way.
 */
export async function tabTo(o: Page, target: Locator): Promise<void> {
  const focused = () => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < 80; i++) {
      if (await focused()) return;
      await o.keyboard.press(key);
    }
  }
  throw new Error("not reachable by Tab");
}

/** Fills the selected level's inspector by keyboard: typed name, arrow-chosen kind, approvers ticked with Space. */
async function typeLevel(o: Page, level: ChainLevel): Promise<void> {
  const panel = inspector(o);
  await tabTo(o, panel.getByLabel("Level name"));
  await o.keyboard.press("ControlOrMeta+a");
  await o.keyboard.type(level.name);
  await tabTo(o, panel.getByLabel("Kind"));
  await panel.getByLabel("Kind").selectOption(level.kind);
  for (const name of level.approvers) {
    const box = panel.getByRole("checkbox", { name });
    await tabTo(o, box);
    await o.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
}

/**
 * Builds a chain flow start → levels… → end in the designer by keyboard only (Tab to the start
 * node, Enter opens it; each level added from the palette with Enter is spliced in after the
 * selected node and selected; its fields typed, approvers ticked with Space), saves and publishes
 * it. Ends on the saved flow's page.
 */
export async function buildChainFlow(
  o: Page,
  slug: string,
  flow: { name: string; levels: ChainLevel[] },
): Promise<string> {
  await o.goto(`/t/${slug}/approvals/flows/new`);
  await o.getByLabel("Flow name").focus();
  await o.keyboard.type(flow.name);
  // Tab to the start node, Enter selects it and opens its inspector.
  await tabTo(o, o.locator('.react-flow__node[data-id="start"]'));
  await o.keyboard.press("Enter");
  await expect(inspector(o)).toBeVisible();
  for (const level of flow.levels) {
    // The palette's button adds a level after the selected node, spliced into its connection.
    await tabTo(o, o.getByTestId("palette-approval"));
    await o.keyboard.press("Enter");
    await expect(inspector(o).getByLabel("Level name")).toBeVisible();
    await typeLevel(o, level);
  }
  await tabTo(o, o.getByTestId("graph-save"));
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
  await tabTo(o, publish);
  await o.keyboard.press("Enter");
  await expect(o.getByText(`Version ${version} published.`)).toBeVisible();
  await expect(o.getByTestId("flow-status")).toHaveText(`Published as version ${version}`);
}
