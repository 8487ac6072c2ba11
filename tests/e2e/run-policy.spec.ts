import type { Page } from "@playwright/test";
import { actionId } from "../faults/support/actions";
import { expect, newPage, person, signUp, test } from "./support/fixtures";
import { addCategories } from "./support/work-orders";

/**
 * A template says how often an approved order runs. On a once-only template the order reads
 * "Executed" after its run and offers no Run again, and a forged call to run it again is refused;
 * on an any-times template Run again asks first, naming the last run, and runs it again.
 */
test("once-only orders run once; Run again on an any-times template names the last run and runs again", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const owner = person("policy-owner");
  const o = await newPage(browser);
  try {
    const slug = await signUp(o, owner);
    const base = `/t/${slug}/work-orders`;
    await addCategories(o, slug);

    /** A template with no approval whose approved orders run as `policy` says. */
    async function template(name: string, command: string, policy: string) {
      await o.goto(`${base}/templates`);
      await o.getByRole("link", { name: "New template" }).click();
      await o.getByLabel("Template name").fill(name);
      await o.getByLabel("Environment", { exact: true }).selectOption({ label: "PROD" });
      await o.getByLabel("Purpose", { exact: true }).selectOption({ label: "DeployDocker" });
      await o.getByLabel("Command template").fill(command);
      await o.getByRole("switch", { name: "Requires approval" }).click();
      // Until it succeeds, unless the template says otherwise.
      await expect(o.getByLabel("An approved order runs")).toHaveValue("until_success");
      await o.getByLabel("An approved order runs").selectOption({ label: policy });
      await o.getByRole("button", { name: "Create template" }).click();
      await expect(o.getByText("Template saved (version 1).")).toBeVisible();
    }

    /** Submits `name`, runs it with Execute now and waits for the run to succeed; the order's id. */
    async function submitAndRun(p: Page, name: string, output: string): Promise<string> {
      await p.goto(base);
      await p.getByRole("link", { name: new RegExp(name) }).click();
      await p.getByRole("button", { name: "Submit", exact: true }).click();
      await expect(p.getByTestId("submitted")).toContainText("is approved");
      await p.getByRole("button", { name: "Execute now" }).click();
      await p.waitForURL(/\/work-orders\/[0-9a-f-]{36}\?execution=[0-9a-f-]{36}$/);
      await expect(p.getByTestId("live-output")).toContainText(output, { timeout: 30_000 });
      await expect(p.getByTestId("execution-status")).toHaveText("Succeeded", { timeout: 30_000 });
      return new URL(p.url()).pathname.split("/").at(-1) as string;
    }

    await template("Once job", "echo ran-once", "Once");
    await template("Any job", "echo ran-any", "Any number of times");

    // Once: after its run the order is Executed, with no way to run it again.
    const onceId = await submitAndRun(o, "Once job", "ran-once");
    await expect(o.getByTestId("order-status")).toHaveText("Executed");
    await expect(o.getByTestId("run-policy")).toHaveText("Once");
    await expect(o.getByTestId("no-run-again")).toHaveText("This order ran; its template runs an order only once.");
    await expect(o.getByRole("button", { name: "Run again" })).toHaveCount(0);
    await expect(o.getByRole("button", { name: "Execute", exact: true })).toHaveCount(0);

    // A forged call to the Execute action is refused by the server, and nothing runs.
    const forged = await o.request.post(`${base}/${onceId}`, {
      headers: {
        "Next-Action": actionId("executeAction", "[orderId]"),
        "Content-Type": "text/plain;charset=UTF-8",
        Accept: "text/x-component",
        Origin: new URL(o.url()).origin,
      },
      data: JSON.stringify([{ tenant: slug, orderId: onceId }]),
    });
    expect(await forged.text()).toContain("This order already ran, and its template allows it to run only once.");
    await o.reload();
    await expect(o.getByRole("table", { name: "Executions of this order" }).getByRole("row")).toHaveCount(2);

    // Any: Run again is the action now; its dialog names the last run before it runs again.
    await submitAndRun(o, "Any job", "ran-any");
    const actions = o.getByTestId("order-actions");
    await expect(o.getByTestId("order-status")).toHaveText("Executed");
    await expect(actions.getByRole("button", { name: "Execute", exact: true })).toHaveCount(0);
    await actions.getByRole("button", { name: "Run again" }).click();
    const dialog = o.getByRole("dialog", { name: /^Run order #\d+ again\?$/ });
    await expect(dialog.getByTestId("last-run")).toHaveText(new RegExp(`^Last run .+ by ${owner.name}: succeeded\\.$`));
    await expect(dialog).toContainText("echo ran-any");
    await dialog.getByRole("button", { name: "Run again" }).click();
    await expect(o.getByText("Execution queued.").last()).toBeVisible();
    const runs = o.getByRole("table", { name: "Executions of this order" }).getByRole("row");
    await expect(runs).toHaveCount(3);
    await expect(o.getByTestId("execution-status")).toHaveText("Succeeded", { timeout: 30_000 });
    await expect(o.getByTestId("order-status")).toHaveText("Executed");
  } finally {
    await o.context().close();
  }
});
