import { expect, test } from "./support/fixtures";

test.describe("favicon", () => {
  test("/favicon.ico and every icon a page links to are served (no 404 in a new browser)", async ({
    page,
    request,
  }) => {
    const ico = await request.get("/favicon.ico");
    expect(ico.status()).toBe(200);
    expect(ico.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);

    const missing: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    await page.goto("/login");
    const hrefs = await page
      .locator('link[rel~="icon"]')
      .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
    expect(hrefs.some((h) => new URL(h).pathname === "/icon.svg")).toBe(true);
    for (const href of hrefs) {
      const r = await request.get(href);
      expect(r.status(), href).toBe(200);
    }
    const svg = await request.get("/icon.svg");
    expect(svg.headers()["content-type"]).toContain("image/svg+xml");
    expect(missing).toEqual([]);
  });
});
