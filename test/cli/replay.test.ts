import { describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, mpisim } from "../helpers/conformance.ts";

const GETPUT = join(ROOT, "test/fixtures/scheduler/getput-counter.ts");
const WILDCARD = join(ROOT, "test/fixtures/scheduler/wildcard.ts");

describe("mpisim replay (real binary)", () => {
  it("reproduces a run exactly: same output, same trace hash; tokens also come from @file and --token-file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mpisim-replay-"));
    const run = mpisim(["run", GETPUT, "--seed", "11", "--json"]);
    const token = JSON.parse(run.stdout).schedule as string;
    const a = mpisim(["replay", GETPUT, token, "--trace", join(dir, "a.json")]);
    writeFileSync(join(dir, "token.txt"), `${token}\n`);
    const b = mpisim(["replay", GETPUT, `@${join(dir, "token.txt")}`, "--trace", join(dir, "b.json")]);
    const c = mpisim(["replay", GETPUT, "--token-file", join(dir, "token.txt"), "--json"]);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(a.code);
    const ta = JSON.parse(readFileSync(join(dir, "a.json"), "utf8"));
    const tb = JSON.parse(readFileSync(join(dir, "b.json"), "utf8"));
    expect(tb.traceHash).toBe(ta.traceHash);
    expect(JSON.stringify(tb.trace)).toBe(JSON.stringify(ta.trace));
    expect(JSON.parse(c.stdout).outputs).toEqual(JSON.parse(run.stdout).outputs);
  });

  it("refuses a stale token (the program was edited) and a foreign one with one clear line, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "mpisim-stale-"));
    const copy = join(dir, "wildcard.ts");
    copyFileSync(WILDCARD, copy);
    const token = JSON.parse(mpisim(["run", copy, "--json"]).stdout).schedule as string;
    appendFileSync(copy, "\n// edited\n");
    const stale = mpisim(["replay", copy, token]);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toBe("");
    expect(stale.stderr.trim().split("\n")).toHaveLength(1);
    expect(stale.stderr).toMatch(/different program|edited/);
    const foreign = mpisim(["replay", GETPUT, token]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("bad tokens exit 2 with one line: garbage, another format version, a missing token file", () => {
    for (const t of ["hello", "ms9.abc.2.e.-", "ms1.abcdef123456.2.x.-", "@/no/such/token/file"]) {
      const r = mpisim(["replay", WILDCARD, t]);
      expect(r.code, t).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), t).toHaveLength(1);
    }
  });
});
