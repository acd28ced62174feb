import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { lintFiles } from "../../cli/lint/index.ts";
import { UsageError } from "../../core/errors.ts";
import { SEED, skipWithoutShared } from "../helpers/conformance.ts";

const FIX = "test/fixtures/lint";
const NO_SHARED = skipWithoutShared("mpisim lint on the seed programs");

/** The `// FINDING rule` markers of a fixture: the line and rule lint must report. */
function expected(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((l, i) => {
      const m = /\/\/ FINDING ([a-z-]+)/.exec(l);
      return m ? [`${i + 1}:${m[1]}`] : [];
    });
}

describe("mpisim lint", () => {
  const fixtures = readdirSync(FIX).filter((f) => f.endsWith(".ts"));
  for (const f of fixtures) {
    it(`finds exactly the marked mistakes in ${f}`, () => {
      const path = join(FIX, f);
      const got = lintFiles([path]).map((x) => `${x.line}:${x.rule}`);
      expect(got).toEqual(expected(path));
    });
  }

  it("covers every rule with a fixture", () => {
    const rules = new Set(fixtures.flatMap((f) => expected(join(FIX, f)).map((e) => e.split(":")[1])));
    expect([...rules].sort()).toEqual(["get-before-complete", "rank-dependent-collective", "rma-outside-epoch", "unawaited-promise", "unfreed-resource", "window-access-in-epoch"]);
  });

  it.skipIf(NO_SHARED)("finds nothing in the seed programs", () => {
    const seeds = readdirSync(SEED).filter((f) => f.endsWith(".ts")).map((f) => join(SEED, f));
    expect(seeds.length).toBeGreaterThan(5);
    expect(lintFiles(seeds)).toEqual([]);
  });

  it("reports file:line:column positions of the user's text", () => {
    const [first] = lintFiles([join(FIX, "unawaited.ts")]);
    expect(first).toMatchObject({ file: join(FIX, "unawaited.ts"), line: 8, column: 8, rule: "unawaited-promise" });
  });

  it("refuses missing files and syntax errors as usage errors", () => {
    expect(() => lintFiles(["no/such/file.ts"])).toThrow(UsageError);
    expect(() => lintFiles([])).toThrow(UsageError);
    expect(() => lintFiles(["test/fixtures/cli/syntax-error.ts"])).toThrow(/syntax error/);
  });

  it("the binary prints one line per finding and exits 1 / 0 / 2", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ["bin/mpisim.mjs", "lint", ...args], { encoding: "utf8" });
    const bad = run(join(FIX, "get-before-complete.ts"), join(FIX, "clean.ts"));
    expect(bad.status).toBe(1);
    const lines = bad.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^test\/fixtures\/lint\/get-before-complete\.ts:\d+:\d+: get-before-complete: /);
    const ok = run(join(FIX, "clean.ts"), ...["persistent-ring", "fence-put", "lock-put", "io-write-at", "io-rows-write", "io-rows-read"].map((f) => `scenarios/${f}.ts`));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe("");
    const usage = run("no/such/file.ts");
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
  }, 180_000);
});
