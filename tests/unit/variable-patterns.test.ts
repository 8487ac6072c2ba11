import { describe, expect, test } from "vitest";
import { readableErrors } from "@/lib/validation/readable-errors";
import { ZSaveTemplate } from "@/lib/validation/work-orders";
import { nestedShellPlaceholders } from "@/lib/work-orders/command";
import { matchesPattern, patternRefusal } from "@/lib/work-orders/patterns";

describe("allowed patterns", () => {
  test.each([
    ["hostname", ["example.com", "db-1.internal", "web1"], ["-rf", "a b", "$(id)", "x;y", "a..b", "-x.com"]],
    ["semver", ["1.4.2", "2.0.0-rc.1", "1.0.0+build.5"], ["1.4", "v1.2.3", "1.2.3; rm", "01.2.3"]],
    [
      "gitRef",
      ["main", "release/1.4", "v1.4.2", "a".repeat(40)],
      ["-b", "a..b", "x.lock", "/main", "main/", "a b", "$(x)", "a@{1}"],
    ],
    ["identifier", ["deploy_1", "_x"], ["1x", "a-b", "a b", ""]],
  ] as const)("%s", (preset, good, bad) => {
    for (const v of good) expect(matchesPattern({ preset }, v), v).toBe(true);
    for (const v of bad) expect(matchesPattern({ preset }, v), v).toBe(false);
  });

  test("a custom expression matches the whole value; refusals name the pattern and the variable", () => {
    const variable = { name: "Ticket", label: "Ticket", pattern: { regex: "[A-Z]+-\\d+", name: "ticket id" } };
    expect(patternRefusal(variable, "OPS-12")).toBeNull();
    expect(patternRefusal(variable, "OPS-12; id")).toBe(
      '"OPS-12; id" does not match the allowed pattern of "Ticket": ticket id.',
    );
    expect(patternRefusal(variable, ["OPS-1", "x"], false)).toBe(
      'The value of "Ticket" does not match its allowed pattern (ticket id).',
    );
    expect(patternRefusal({ name: "H", pattern: { preset: "hostname" } }, "-rf")).toMatch(
      /allowed pattern of "H": hostname/,
    );
  });

  test("the template refuses an invalid expression, and options outside the pattern, by name", () => {
    const base = {
      tenant: "acme",
      name: "t",
      environmentId: crypto.randomUUID(),
      purposeId: crypto.randomUUID(),
      command: "echo {Host}",
      submitRoles: ["OWNER"],
      requiresApproval: false,
    };
    const v = { name: "Host", label: "Hosts", source: { type: "list", options: ["web-1", "-rf"] } };
    const bad = { ...base, variables: [{ ...v, pattern: { preset: "hostname" } }] };
    expect(readableErrors(ZSaveTemplate.safeParse(bad).error?.issues ?? [], bad).fieldErrors.variables).toEqual([
      'Option 2 of Hosts: "-rf" does not match the allowed pattern (hostname).',
    ]);
    const regex = { ...base, variables: [{ ...v, source: { type: "list", options: ["a"] }, pattern: { regex: "(" } }] };
    expect(
      readableErrors(ZSaveTemplate.safeParse(regex).error?.issues ?? [], regex).fieldErrors.variables?.[0],
    ).toMatch(/^Allowed pattern of Hosts: not a valid regular expression/);
  });
});

describe("placeholders a second shell parses", () => {
  test.each([
    ['sh -c "echo {V}"', [{ name: "V", construct: "sh -c" }]],
    ["bash -lc 'deploy {V}'", [{ name: "V", construct: "bash -c" }]],
    ['sudo -u app /bin/bash -c "run {V}" && echo {W}', [{ name: "V", construct: "bash -c" }]],
    ["eval {V}", [{ name: "V", construct: "eval" }]],
    ['ssh -p 22 -i key deploy@{Host} "restart {Svc}"', [{ name: "Svc", construct: "ssh" }]],
    ["ssh {Host} systemctl restart {Svc}", [{ name: "Svc", construct: "ssh" }]],
    ['docker exec app sh -c "ls {Dir}"', [{ name: "Dir", construct: "sh -c" }]],
  ])("%s", (command, expected) => {
    expect(nestedShellPlaceholders(command)).toEqual(expected);
  });

  test.each([
    ["echo {V}"],
    ["./deploy.sh {Host} {Version}"],
    [`sh -c 'echo "$1"' sh {V}`],
    ["awk '{print $1}' {File}"],
    ['echo "sh -c {V}"'],
  ])("no warning: %s", (command) => {
    expect(nestedShellPlaceholders(command)).toEqual([]);
  });
});
