import { expect, PASSWORD, person, signIn, signUp, test } from "./support/fixtures";

const NEW_PASSWORD = "a brand new passphrase";

test.describe("the profile page", () => {
  test("name and language are saved from the profile (the user menu's Profile); the name's counter shows its limit", async ({
    page,
  }) => {
    const me = person("profile");
    const slug = await signUp(page, me);
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByRole("menuitem", { name: "Profile" }).click();
    await page.waitForURL(`/profile?from=${slug}`);
    await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
    await expect(page.getByRole("link", { name: `← Back to ${me.tenantName}` })).toBeVisible();

    // A field with a limit says how much of it is used, amber near it.
    const name = page.getByLabel("Display name");
    const counter = page.getByTestId("char-counter");
    await expect(name).toHaveValue(me.name);
    await expect(counter).toContainText(`${me.name.length} / 100`);
    await expect(counter).toHaveAttribute("aria-live", "polite");
    await name.fill("x".repeat(95));
    await expect(counter).toContainText("95 / 100");
    await expect(counter).toHaveAttribute("data-near-limit", "true");
    await name.fill("Mei Lin");
    await expect(counter).toContainText("7 / 100");
    await expect(counter).not.toHaveAttribute("data-near-limit");

    await page.getByLabel("Language", { exact: true }).selectOption("zh-CN");
    await page.getByRole("button", { name: "Save profile" }).click();
    // Every page follows the language chosen: this one first.
    await expect(page.getByRole("heading", { level: 1, name: "你的个人资料" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByLabel("显示名称")).toHaveValue("Mei Lin");
    await page.getByRole("link", { name: `← 返回 ${me.tenantName}` }).click();
    await page.waitForURL(`/t/${slug}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await page.getByRole("button", { name: "账户" }).click();
    await expect(page.getByTestId("user-name")).toHaveText("Mei Lin");
    await page.getByRole("menuitem", { name: "个人资料" }).click();
    await page.getByLabel("语言", { exact: true }).selectOption("en");
    await page.getByRole("button", { name: "保存资料" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("a wrong current password is refused with the form kept; the right one changes it, and only the new one signs in", async ({
    page,
  }) => {
    const me = person("password");
    const slug = await signUp(page, me);
    await page.goto("/profile");
    const current = page.getByLabel("Current password", { exact: true });
    const next = page.getByLabel("New password", { exact: true });
    const again = page.getByLabel("Repeat the new password", { exact: true });
    const submit = page.getByRole("button", { name: "Change password" });

    // Everything wrong at once is said at once, next to each field.
    await next.fill("short");
    await again.fill("other");
    await submit.click();
    await expect(page.getByText("Enter your current password.")).toBeVisible();
    await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
    await expect(page.getByText("The two new passwords are not the same.")).toBeVisible();
    await expect(next).toHaveValue("short");

    await current.fill("not my password");
    await next.fill(NEW_PASSWORD);
    await again.fill(NEW_PASSWORD);
    await submit.click();
    await expect(page.getByText("That is not your current password. Nothing was changed.")).toBeVisible();
    await expect(current).toHaveAttribute("aria-invalid", "true");
    await expect(current).toHaveValue("not my password");
    await expect(next).toHaveValue(NEW_PASSWORD);
    await expect(again).toHaveValue(NEW_PASSWORD);

    await current.fill(PASSWORD);
    await submit.click();
    await expect(page.getByText("Password changed. Use the new one the next time you sign in.")).toBeVisible();
    await expect(current).toHaveValue("");
    await expect(next).toHaveValue("");

    await page.goto(`/t/${slug}`);
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, me.email, PASSWORD);
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
    await signIn(page, me.email, NEW_PASSWORD);
    await page.waitForURL(`/t/${slug}`);
  });
});
