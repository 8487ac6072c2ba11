import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { addCategories } from "./support/work-orders";

/**
 * What the template editor and the submit form say about values: a nested option too long is
 * named down to the option and nothing is saved; a placeholder a second shell parses is warned
 * about; a value outside a variable's allowed pattern is refused with the pattern's name.
 */
test("the template editor names a nested failing option, warns about a nested shell, and a pattern refuses a value by name", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // Options served over HTTP, one of them a shell payload (the list is not the admin's to vet).
  const inventory = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(["web-1.internal", "$(touch /tmp/pwned)"]));
  });
  await new Promise<void>((r) => inventory.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(inventory.address() as AddressInfo).port}/hosts.json`;
  const o = await newPage(browser);
  try {
    const slug = await signUp(o, person("tpl-owner"));
    await addCategories(o, slug);
    await o.goto(`/t/${slug}/work-orders/templates`);
    await o.getByRole("link", { name: "New template" }).click();
    await o.getByLabel("Template name").fill("Tag build");
    await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
    await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
    await o.getByLabel("Command template").fill('sh -c "echo building {Tag}" && ssh deploy@{Host} "restart {Host}"');
    await o.getByRole("switch", { name: "Requires approval" }).click();

    await o.getByRole("button", { name: "Add variable" }).click();
    await o.getByLabel("Variable 1 name").fill("Tag");
    await o.getByLabel("Variable 1 options (one per line)").fill(`v1.0.0\nv1.1.0\n${"x".repeat(201)}`);
    await o.getByRole("button", { name: "Add variable" }).click();
    await o.getByLabel("Variable 2 name").fill("Host");
    await o.getByLabel("Variable 2 label").fill("Target host");

    // Both placeholders are parsed twice: the editor says where.
    const warning = o.getByTestId("nested-shell-warning");
    await expect(warning).toContainText("{Tag} stands inside a nested sh -c string");
    await expect(warning).toContainText("{Host} stands inside a nested ssh string");

    // The third option is too long: named, down to the option, next to the field and in the summary.
    await o.getByRole("button", { name: "Create template" }).click();
    await expect(o.getByTestId("error-summary")).toContainText("Option 3 of Tag: at most 200 characters.");
    await expect(o.getByText("Option 3: at most 200 characters.")).toBeVisible();
    await expect(o.getByLabel("Template name")).toHaveValue("Tag build");
    await o.goto(`/t/${slug}/work-orders/templates`);
    await expect(o.getByTestId("template-Tag build")).toHaveCount(0);

    // Again, with fitting options, a semver pattern on Tag and Host's options fetched over HTTP, held to hostnames.
    await o.getByRole("link", { name: "New template" }).click();
    await o.getByLabel("Template name").fill("Tag build");
    await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
    await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
    await o.getByLabel("Command template").fill('sh -c "echo building {Tag} for {Host}"');
    await o.getByRole("switch", { name: "Requires approval" }).click();
    await o.getByRole("button", { name: "Add variable" }).click();
    await o.getByLabel("Variable 1 name").fill("Tag");
    await o.getByLabel("Variable 1 options (one per line)").fill("v1.0.0\nlatest");
    await o.getByLabel("Variable 1 allowed pattern").selectOption("custom");
    await o.getByLabel("Variable 1 regular expression").fill("v\\d+\\.\\d+\\.\\d+");
    await o.getByLabel("Variable 1 pattern name").fill("release tag");
    await o.getByRole("button", { name: "Add variable" }).click();
    await o.getByLabel("Variable 2 name").fill("Host");
    await o.getByLabel("Variable 2 label").fill("Target host");
    await o.getByLabel("An HTTP URL").nth(1).check();
    await o.getByLabel("Variable 2 URL").fill(url);
    await o.getByLabel("Variable 2 allowed pattern").selectOption("hostname");
    // A fixed option outside its own pattern could never be submitted: refused at save, by the pattern's name.
    await o.getByRole("button", { name: "Create template" }).click();
    await expect(o.getByTestId("error-summary")).toContainText(
      '"latest" does not match the allowed pattern (release tag).',
    );
    await o.getByLabel("Variable 1 options (one per line)").fill("v1.0.0\nv1.1.0");
    await o.getByRole("button", { name: "Create template" }).click();
    await expect(o.getByText("Template saved (version 1).")).toBeVisible();

    // The fetched payload is offered (the list is remote) but refused at submit, naming the pattern.
    await o.goto(`/t/${slug}/work-orders`);
    await o.getByRole("link", { name: /Tag build/ }).click();
    await o.getByLabel("Tag").selectOption("v1.1.0");
    await o.getByLabel("Target host").selectOption("$(touch /tmp/pwned)");
    await o.getByRole("button", { name: "Submit", exact: true }).click();
    await expect(
      o.getByText('"$(touch /tmp/pwned)" does not match the allowed pattern of "Target host": hostname.'),
    ).toBeVisible();
    await o.goto(`/t/${slug}/work-orders/mine`);
    await expect(o.getByText("Tag build")).toHaveCount(0);
  } finally {
    await o.context().close();
    inventory.close();
  }
});
