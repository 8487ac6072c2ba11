// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { describe, expect, test } from "vitest";
import {
  defaultTemplate,
  FORMATS,
  NOTIFY_EVENT_NAMES,
  renderText,
  TEMPLATE_VARS,
  unknownVariables,
} from "@/lib/notifications/catalog";

describe("notification templates", () => {
  test("unknown ${names} are listed once each, in order; known ones and plain $ text pass", () => {
    expect(unknownVariables("Hi ${userName}, ${ordr} ${ ordr } ${x} costs $5 {y}")).toEqual(["ordr", "x"]);
    expect(unknownVariables("${orderTitle} ${link}")).toEqual([]);
  });

  test("rendering fills known variables and leaves unknown ones visible", () => {
    expect(renderText("${userName}: ${orderTitle} ${nope}", { userName: "Ada", orderTitle: "Ship" })).toBe(
      "Ada: Ship ${nope}",
    );
    expect(renderText("[${reason}]", {})).toBe("[]");
  });

  test("every built-in template uses only known variables and renders with no placeholder left", () => {
    for (const event of NOTIFY_EVENT_NAMES) {
      for (const format of FORMATS) {
        const t = defaultTemplate(event, format);
        expect(unknownVariables(t.subject + t.body)).toEqual([]);
        expect(renderText(t.subject + t.body, TEMPLATE_VARS)).not.toContain("${");
      }
    }
  });
});
