import { expect, test } from "vitest";
import { cn } from "@/components/ui/cn";

test("a later utility of the same property wins: the ghost button's grey gives way to red", () => {
  expect(cn("text-zinc-700 hover:bg-zinc-100", "text-red-600")).toBe("hover:bg-zinc-100 text-red-600");
  expect(cn("h-10 px-4", false && "hidden", ["h-8", { "px-3": true }])).toBe("h-8 px-3");
});
