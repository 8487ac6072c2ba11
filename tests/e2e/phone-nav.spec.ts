import type { Locator, Page } from "@playwright/test";
import { expect, person, signUp, test } from "./support/fixtures";

// A phone: below `md` the sidebar is hidden and the menu button opens it as a drawer.
test.use({ viewport: { width: 390, height: 844 } });

/** Presses Tab until `target` has the focus (keyboard only: no click, no .focus()). */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

test.describe("navigation on a phone", () => {
  test("Work orders, Audit and Settings are reached through the menu button by keyboard alone; Esc closes the drawer and focus returns to the button", async ({
    page,
  }) => {
    const slug = await signUp(page, person("phone"));
    const menuButton = page.getByRole("button", { name: "Open menu" });
    const drawer = page.getByRole("dialog", { name: "Menu" });
    // The sidebar is not shown at this width: the menu button is the way in.
    await expect(menuButton).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Sections" })).toHaveCount(0);

    // The drawer is a dialog, named and described; Esc closes it and gives the focus back.
    await tabTo(page, menuButton);
    await page.keyboard.press("Enter");
    await expect(drawer).toBeVisible();
    await expect(drawer).toHaveAccessibleDescription("Sections of this tenant");
    await expect(drawer.getByRole("navigation", { name: "Sections" })).toBeVisible();
    // Focus moved into the drawer, and Tab stays inside it while it is open.
    await expect(drawer.locator(":focus")).toHaveCount(1);
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press("Tab");
      await expect(drawer.locator(":focus")).toHaveCount(1);
    }
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menuButton).toBeFocused();

    const sections = [
      { name: "Work orders", path: "work-orders", heading: null },
      { name: "Audit", path: "audit", heading: "Audit log" },
      { name: "Settings", path: "settings", heading: "Settings" },
    ];
    for (const s of sections) {
      await tabTo(page, menuButton);
      await page.keyboard.press("Enter");
      await expect(drawer).toBeVisible();
      const link = drawer.getByRole("link", { name: s.name, exact: true });
      await tabTo(page, link);
      await page.keyboard.press("Enter");
      await page.waitForURL(new RegExp(`/t/${slug}/${s.path}$`));
      // Choosing a link closes the drawer; the page is the section's.
      await expect(drawer).toBeHidden();
      await expect(
        s.heading ? page.getByRole("heading", { level: 1, name: s.heading }) : page.getByRole("heading", { level: 1 }),
      ).toBeVisible();
      // The drawer marks where we are when it opens again, and Esc still hands the focus back.
      await tabTo(page, menuButton);
      await page.keyboard.press("Enter");
      await expect(drawer.getByRole("link", { name: s.name, exact: true })).toHaveAttribute("aria-current", "page");
      await page.keyboard.press("Escape");
      await expect(drawer).toBeHidden();
      await expect(menuButton).toBeFocused();
    }
  });
});
