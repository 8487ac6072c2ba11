import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { setUpDeployApi, submitDeployApi } from "./support/work-orders";

test.describe("search and jump-to", () => {
  test("/ focuses a list's search, which finds orders by title and #number with the total; Ctrl+K jumps to an order or a page", async ({
    browser,
  }) => {
    // Two orders through the UI before the searching starts: ~40 s alone, more beside other workers.
    test.setTimeout(120_000);
    const o = await newPage(browser);
    const owner = person("search");
    const slug = await signUp(o, owner);
    await setUpDeployApi(o, slug, { members: [], approver: owner, flowName: "Lead only" });
    const zebra = await submitDeployApi(o, slug, "Rotate the zebra keys");
    const certs = await submitDeployApi(o, slug, "Renew the certs");
    const certsPage = await o.locator("main").innerText();

    await o.goto(`/t/${slug}/work-orders/mine`);
    await expect(o.getByTestId("list-total")).toHaveText("2 orders");
    await o.locator("body").press("/");
    const search = o.getByRole("searchbox", { name: "Search" });
    await expect(search).toBeFocused();
    await search.fill("zebra");
    await search.press("Enter");
    await expect(o.getByTestId("list-total")).toHaveText("1 order");
    await expect(o.getByRole("link", { name: /Rotate the zebra keys/ })).toHaveAttribute("href", zebra);
    await expect(o.getByText("Renew the certs")).toHaveCount(0);
    await expect(search).toHaveValue("zebra");

    // Ctrl+K: an order by its number, by keyboard only.
    const number = /#(\d+) ·/.exec(certsPage)?.[1];
    expect(number).toBeTruthy();
    await o.locator("body").press("Control+k");
    const palette = o.getByRole("dialog", { name: "Jump to a page or an order" });
    await expect(palette).toBeVisible();
    const box = palette.getByRole("combobox");
    await expect(box).toBeFocused();
    await box.fill(`#${number}`);
    const option = palette.getByRole("option", { name: new RegExp(`#${number} Renew the certs`) });
    await expect(option).toBeVisible();
    await box.press("ArrowDown");
    await expect(option).toHaveAttribute("aria-selected", "true");
    await box.press("Enter");
    await o.waitForURL((url) => url.pathname === certs);
    await expect(palette).toHaveCount(0);

    // …and a page by its name; Esc closes without going anywhere.
    await o.locator("body").press("Control+k");
    await palette.getByRole("combobox").fill("audit");
    await palette.getByRole("combobox").press("Enter");
    await o.waitForURL(`**/t/${slug}/audit`);
    await o.locator("body").press("Control+k");
    await expect(palette).toBeVisible();
    await o.keyboard.press("Escape");
    await expect(palette).toHaveCount(0);
    expect(new URL(o.url()).pathname).toBe(`/t/${slug}/audit`);
  });
});
