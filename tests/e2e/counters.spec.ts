import { expect, newPage, person, signUp, test } from "./support/fixtures";

test.describe("fields with a limit", () => {
  test("a raw control with maxLength inside a Field shows its counter too, following typing and a value set by the page", async ({
    browser,
  }) => {
    const o = await newPage(browser);
    const slug = await signUp(o, person("counter"));
    await o.goto(`/t/${slug}/notifications/templates`);
    await o.getByRole("button", { name: "Approval requested", exact: true }).click();
    await o.getByRole("tab", { name: "In-app" }).click();
    await expect(o.getByRole("tab", { name: "In-app" })).toHaveAttribute("aria-selected", "true");
    const form = o.getByRole("form", { name: "Template" });
    await expect(form).toContainText("Approval requested · In-app · built-in wording");
    const message = form.getByLabel("Message");
    const counter = form.getByTestId("char-counter").filter({ hasText: "/ 5,000" });

    await message.fill("Please review");
    await expect(message).toHaveValue("Please review");
    await expect(counter).toContainText("13 / 5,000");
    await expect(counter).toHaveAttribute("aria-live", "polite");
    await expect(counter).not.toHaveAttribute("data-near-limit");
    // The page inserts a variable itself (a controlled value): the counter follows.
    await form.getByRole("button", { name: /orderNumber/ }).click();
    await expect(message).not.toHaveValue("Please review");
    const inserted = await message.inputValue();
    expect(inserted).toContain("${orderNumber}");
    await expect(counter).toContainText(`${inserted.length} / 5,000`);
    await message.fill("x".repeat(4600));
    await expect(counter).toContainText("4,600 / 5,000");
    await expect(counter).toHaveAttribute("data-near-limit", "true");
  });
});
