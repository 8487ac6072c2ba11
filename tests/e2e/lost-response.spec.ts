import { expect, person, signUp, test } from "./support/fixtures";
import { addCategories } from "./support/work-orders";

/**
 * A submit whose answer is lost: the request reaches the server and the order is stored, but the
 * browser never hears back. The form says the server could not be reached, that the order may
 * exist (linking to My orders), keeps what was chosen, and lets the user submit again; that retry
 * carries the same idempotency key, so My orders then shows exactly one order.
 */
test("a lost submit response: the form says so, and submitting again makes no second order", async ({ page }) => {
  test.setTimeout(120_000);
  const owner = person("lost-owner");
  const slug = await signUp(page, owner);
  const base = `/t/${slug}/work-orders`;

  await addCategories(page, slug);
  await page.goto(`${base}/templates`);
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Template name").fill("Quick job");
  await page.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
  await page.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
  await page.getByLabel("Command template").fill('echo "hello {Host}"');
  await page.getByRole("switch", { name: "Requires approval" }).uncheck();
  await page.getByRole("button", { name: "Add variable" }).click();
  await page.getByLabel("Variable 1 name").fill("Host");
  await page.getByLabel("Variable 1 label").fill("Target host");
  await page.getByLabel("Variable 1 options (one per line)").fill("box-1\nbox-2");
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByText("Template saved (version 1).")).toBeVisible();

  await page.goto(base);
  await page.getByRole("link", { name: /Quick job/ }).click();
  await page.getByLabel("Target host").selectOption("box-2");
  await page.getByLabel("Title (optional)").fill("Only once");

  // The first server action POST reaches the server (which stores the order), then its answer is
  // dropped on the way back.
  let dropped = 0;
  await page.route(
    (url) => url.pathname.startsWith(base),
    async (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"] || dropped > 0) return route.fallback();
      dropped++;
      const answer = await route.fetch();
      expect(answer.status()).toBe(200);
      await route.abort("connectionreset");
    },
  );

  const submit = page.getByRole("button", { name: "Submit", exact: true });
  await submit.click();
  const notice = page.getByTestId("unreachable");
  await expect(notice).toContainText(
    "The server could not be reached. Your order may have been created: check My orders. Submitting again is safe.",
  );
  await expect(notice.getByRole("link", { name: "My orders" })).toHaveAttribute("href", `${base}/mine`);
  expect(dropped).toBe(1);
  // Nothing typed is lost, and the button works again.
  await expect(page.getByLabel("Title (optional)")).toHaveValue("Only once");
  await expect(page.getByLabel("Target host")).toHaveValue("box-2");
  await expect(submit).toBeEnabled();

  await submit.click();
  await expect(page.getByTestId("submitted")).toContainText("is approved");

  await page.goto(`${base}/mine`);
  await expect(page.getByRole("table", { name: "My orders" }).getByRole("row")).toHaveCount(2); // header + one order
  await expect(page.getByRole("link", { name: /Only once/ })).toHaveCount(1);
});
