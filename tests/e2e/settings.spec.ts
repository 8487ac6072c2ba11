import { expect, newPage, person, signUp, test } from "./support/fixtures";

test.describe("tenant settings", () => {
  test("the time zone is picked from a searchable list of IANA zones; a made-up zone is refused and kept", async ({
    browser,
  }) => {
    const o = await newPage(browser);
    const slug = await signUp(o, person("tz"));
    // A new tenant's Overview: every card is empty and says what to do.
    await expect(o.getByRole("region", { name: "Waiting on you" })).toContainText("Nothing waits on your approval");
    await expect(o.getByRole("region", { name: "Your orders in flight" })).toContainText("Submit a work order");
    await o.goto(`/t/${slug}/settings`);
    const zone = o.getByLabel("Time zone");
    // The list the field offers: the runtime's zones, each with its current offset.
    const listId = await zone.getAttribute("list");
    expect(listId).toBeTruthy();
    const shanghai = o.locator(`datalist[id="${listId}"] option[value="Asia/Shanghai"]`);
    await expect(shanghai).toHaveCount(1);
    await expect(shanghai).toHaveText("UTC+08:00");
    expect(await o.locator(`datalist[id="${listId}"] option`).count()).toBeGreaterThan(300);

    await zone.fill("Mars/Olympus_Mons");
    await o.getByRole("button", { name: "Save settings" }).click();
    await expect(o.getByText("Unknown time zone (use an IANA name such as Europe/Berlin).")).toBeVisible();
    await expect(zone).toHaveValue("Mars/Olympus_Mons");

    await zone.fill("Asia/Shanghai");
    await o.getByRole("button", { name: "Save settings" }).click();
    await expect(o.getByText("Settings saved.")).toBeVisible();
    await o.reload();
    await expect(o.getByLabel("Time zone")).toHaveValue("Asia/Shanghai");
  });

  test("the tenant's default language is picked from a list (English by default) and kept", async ({ browser }) => {
    const o = await newPage(browser);
    const slug = await signUp(o, person("lang"));
    await o.goto(`/t/${slug}/settings`);
    const language = o.getByLabel("Default language");
    await expect(language).toHaveValue("en");
    await expect(language.locator("option")).toHaveText(["English", "简体中文"]);
    await language.selectOption({ label: "简体中文" });
    await o.getByRole("button", { name: "Save settings" }).click();
    await expect(o.getByText("Settings saved.")).toBeVisible();
    await o.reload();
    await expect(o.getByLabel("Default language")).toHaveValue("zh-CN");
    // The other settings are kept as they were.
    await expect(o.getByLabel("Time zone")).toHaveValue("UTC");

    // The Templates page says whom a language version reaches, naming the tenant's language.
    await o.goto(`/t/${slug}/notifications/templates`);
    await o.getByRole("tab", { name: "English" }).click();
    await expect(o.getByRole("form", { name: "Template" })).toContainText(
      "channels: the tenant's default language, 简体中文",
    );
  });
});
