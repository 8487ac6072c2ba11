import { expect, test } from "vitest";
import { renderMessage } from "@/lib/i18n/translate";
import { inDeployWindow, windowMessage } from "@/lib/work-orders/deploy-window";

const weekdays = { days: [1, 2, 3, 4, 5], from: "09:00", to: "17:00" };

test("deploy windows are checked in the tenant's time zone", () => {
  // Monday 2026-11-23 08:30 UTC = 09:30 in Berlin, 16:30 in Shanghai.
  const at = new Date("2026-11-23T08:30:00Z");
  expect(inDeployWindow(weekdays, "UTC", at)).toBe(false);
  expect(inDeployWindow(weekdays, "Europe/Berlin", at)).toBe(true);
  expect(inDeployWindow(weekdays, "Asia/Shanghai", at)).toBe(true);
  expect(inDeployWindow(weekdays, "America/New_York", at)).toBe(false);
  // Saturday is outside.
  expect(inDeployWindow(weekdays, "UTC", new Date("2026-11-28T10:00:00Z"))).toBe(false);
  expect(inDeployWindow(null, "UTC", at)).toBe(true);
});

test("overnight windows belong to the day they start", () => {
  const fridayNight = { days: [5], from: "22:00", to: "02:00" };
  expect(inDeployWindow(fridayNight, "UTC", new Date("2026-11-27T23:00:00Z"))).toBe(true); // Fri 23:00
  expect(inDeployWindow(fridayNight, "UTC", new Date("2026-11-28T01:30:00Z"))).toBe(true); // Sat 01:30
  expect(inDeployWindow(fridayNight, "UTC", new Date("2026-11-28T23:00:00Z"))).toBe(false); // Sat 23:00
  expect(renderMessage("en", windowMessage(fridayNight))).toBe("Fri 22:00–02:00");
});

test("a window is told in the reader's language", () => {
  expect(renderMessage("en", windowMessage(weekdays))).toBe("Mon, Tue, Wed, Thu, Fri 09:00–17:00");
  expect(renderMessage("zh-CN", windowMessage({ days: [1, 5], from: "22:00", to: "02:00" }))).toBe(
    "周一、周五 22:00–02:00",
  );
});
