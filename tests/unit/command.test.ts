import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { MASK, placeholders, previewCommand, shellScript, unknownPlaceholders } from "@/lib/work-orders/command";

/** Runs the script the way executions do (sh -c, values in the environment) and returns stdout. */
function run(command: string, values: Record<string, string | string[]>, internal: Record<string, string> = {}) {
  const { script, env } = shellScript(command, values, internal);
  return execFileSync("/bin/sh", ["-c", script], {
    env: { PATH: "/usr/bin:/bin", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
}

describe("placeholders", () => {
  test("finds {Name}s, ignores ${SHELL} and awk blocks", () => {
    expect(
      placeholders(`deploy -g "{GitProjName}" -i "{AnsibleHosts}" {GitProjName} \${HOME} awk '{print $1}'`),
    ).toEqual(["GitProjName", "AnsibleHosts"]);
    expect(unknownPlaceholders("x {A} {B} {C}", ["A"])).toEqual(["B", "C"]);
  });

  test("preview masks internal values", () => {
    expect(previewCommand(`deploy -g "{Proj}" -t {Token} -i {Hosts}`, { Hosts: ["h1", "h2"] }, ["Proj", "Token"])).toBe(
      `deploy -g "${MASK}" -t ${MASK} -i h1,h2`,
    );
  });
});

describe("substitution never runs injected commands", () => {
  const evil = [
    `a"; touch /tmp/pwned-opsdesk; echo "`,
    "$(touch /tmp/pwned-opsdesk)",
    "`touch /tmp/pwned-opsdesk`",
    "x\ntouch /tmp/pwned-opsdesk",
    "'; touch /tmp/pwned-opsdesk; echo '",
    "${IFS}$(id)",
  ];
  test.each(evil)("%j is passed as plain text in every quoting context", (value) => {
    for (const template of [
      "printf '%s' {V}",
      `printf '%s' "{V}"`,
      "printf '%s' '{V}'",
      `printf '%s' "pre-{V}-post"`,
    ]) {
      const out = run(template, { V: value });
      expect(out).toBe(template.includes("pre-") ? `pre-${value}-post` : value);
    }
    expect(() => execFileSync("/bin/sh", ["-c", "test ! -e /tmp/pwned-opsdesk"])).not.toThrow();
  });

  test("multi-select values join with commas; internal values come from the template", () => {
    expect(run(`echo "{Hosts}" {Secret}`, { Hosts: ["h1", "h2"] }, { Secret: "s3cr3t" })).toBe("h1,h2 s3cr3t\n");
  });
});
