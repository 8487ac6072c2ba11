import { expect, PASSWORD, person, signIn, signUp, test } from "./support/fixtures";

test("sign-up refuses bad input next to each field, keeps what was typed, writes nothing", async ({ page }) => {
  const p = person("bad");
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("x".repeat(150));
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Team or company (your first tenant)").fill(p.tenantName);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.getByText("Name must be at most 100 characters.")).toBeVisible();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page.getByLabel("Team or company (your first tenant)")).toHaveValue(p.tenantName);
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/signup$/);

  // Fixing the fields works: nothing of the failed attempt was written.
  await page.getByLabel("Your name").fill(p.name);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/t\//);
});

test("a duplicate email is refused on the email field", async ({ page, browser }) => {
  const p = person("dup");
  await signUp(page, p);
  const other = await (await browser.newContext()).newPage();
  await other.goto("/signup");
  await other.getByLabel("Your name").fill("Someone Else");
  await other.getByLabel("Email").fill(p.email.toUpperCase());
  await other.getByLabel("Password").fill("a different password");
  await other.getByLabel("Team or company (your first tenant)").fill("Other team");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await expect(other.getByLabel("Your name")).toHaveValue("Someone Else");
  // The original password still works (the account was not overwritten).
  await other.context().clearCookies();
  await signIn(other, p.email);
  await other.waitForURL(/\/t\//);
});

test("wrong passwords get one message; the fifth in a row locks the account", async ({ page, browser }) => {
  const p = person("lock");
  await signUp(page, p);
  const other = await (await browser.newContext()).newPage();
  for (let i = 0; i < 4; i++) {
    await signIn(other, p.email, `wrong-${i}`);
    await expect(other.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  }
  await signIn(other, "nobody-here@e2e.opsdesk.dev", "whatever-123");
  await expect(other.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await signIn(other, p.email, "wrong-5");
  await expect(other.getByText(/locked for 15 minutes/)).toBeVisible();
  await signIn(other, p.email, PASSWORD);
  await expect(other.getByText(/locked for 15 minutes/)).toBeVisible();
  await expect(other).toHaveURL(/\/login$/);
});

test("inviting a member: a forged role is refused, keeping the input; the answer never says whether an account exists", async ({
  page,
}) => {
  const p = person("adm");
  const slug = await signUp(page, p);
  await page.goto(`/t/${slug}/members`);
  await page.getByLabel("Email").fill("ghost@e2e.opsdesk.dev");

  // A forged role value (not in the list) gets a clear message.
  await page.getByLabel("Role").evaluate((el) => {
    const option = document.createElement("option");
    option.value = "ROOT";
    option.textContent = "Root";
    el.appendChild(option);
    (el as HTMLSelectElement).value = "ROOT";
  });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(/Choose ADMIN, MEMBER or VIEWER/)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("ghost@e2e.opsdesk.dev");
  await expect(page.getByText(/No Opsdesk account/)).toHaveCount(0);
  await expect(page.getByRole("row")).toHaveCount(2); // header + the owner
});
