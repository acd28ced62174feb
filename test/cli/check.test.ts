import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ROOT, mpisim } from "../helpers/conformance.ts";

const GETPUT = join(ROOT, "test/fixtures/scheduler/getput-counter.ts");
const WILDCARD = "test/fixtures/scheduler/wildcard.ts";

describe("mpisim check (real binary)", () => {
  it("--json prints exactly one JSON object on stdout: issues, exit 1", () => {
    const r = mpisim(["check", "scenario:work-stealing-getput", "--json", "--schedules", "20"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.verdict).toBe("issues");
    expect(out.explored).toBeGreaterThan(0);
    expect(out.diagnostics.length).toBeGreaterThan(0);
    for (const d of out.diagnostics) expect(d.schedule).toMatch(/^ms1\./);
  });

  it("a clean program exits 0 with verdict clean (no progress output when stderr is not a TTY)", () => {
    const r = mpisim(["check", "scenario:persistent-ring", "--json", "--schedules", "10"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "clean", explored: 10, diagnostics: [] });
    expect(r.stderr).toBe("");
  });

  it("dpor is exhaustive and prints what it explored; pct prints its probability bound", () => {
    // By default each buffering is its own DPOR tree: 4 distinct traces under each.
    const d = mpisim(["check", WILDCARD, "--strategy", "dpor", "--json", "--all", "--no-shrink"]);
    expect(JSON.parse(d.stdout)).toMatchObject({ explored: 8, exploredBy: { eager: 4, rendezvous: 4 }, bufferings: ["eager", "rendezvous"], complete: true });
    const e = mpisim(["check", WILDCARD, "--strategy", "dpor", "--buffering", "eager", "--json", "--all", "--no-shrink"]);
    expect(JSON.parse(e.stdout)).toMatchObject({ explored: 4, exploredBy: { eager: 4 }, bufferings: ["eager"], complete: true });
    const p = mpisim(["check", GETPUT, "--strategy", "pct", "--depth", "2", "--schedules", "5", "--no-shrink"]);
    expect(p.stdout).toMatch(/pct depth 2: each run finds a depth-2 bug with probability ≥ 1\/\(n·k\^\(d−1\)\) = [0-9.e-]+ \(n=\d+ threads, k=\d+ steps\)/);
  });

  it("--all collects every distinct diagnostic; shrunk schedules replay", () => {
    const r = mpisim(["check", GETPUT, "--json", "--all", "--schedules", "40", "--seed", "2"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const keys = out.failures.map((f: { kind: string }) => f.kind);
    expect(keys).toContain("property");
    const prop = out.failures.find((f: { kind: string }) => f.kind === "property");
    const rep = mpisim(["replay", GETPUT, prop.schedule, "--json"]);
    expect(rep.code).toBe(1);
    expect(JSON.parse(rep.stdout).diagnostics.map((d: { kind: string }) => d.kind)).toContain("property");
  });

  it("gives identical JSON for --workers 1 and --workers 2, sampled and dpor", () => {
    // (In-process tests cover more cases: test/scheduler/explore.test.ts.)
    for (const args of [["--strategy", "dpor", "--all"]]) {
      const a = mpisim(["check", GETPUT, "--json", "--no-shrink", "--workers", "1", ...args]);
      const b = mpisim(["check", GETPUT, "--json", "--no-shrink", "--workers", "2", ...args]);
      expect(a.code).toBe(1);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it("shards 1/3 + 2/3 + 3/3 explore as many schedules as the whole", () => {
    for (const args of [["--schedules", "12"]]) {
      const whole = JSON.parse(mpisim(["check", WILDCARD, "--json", "--all", "--no-shrink", ...args]).stdout);
      let sum = 0;
      for (const s of ["1/3", "2/3", "3/3"]) sum += JSON.parse(mpisim(["check", WILDCARD, "--json", "--all", "--no-shrink", "--shard", s, ...args]).stdout).explored;
      expect(sum).toBe(whole.explored);
    }
  });

  it("bad input exits 2 with one clear line on stderr and nothing on stdout", () => {
    for (const args of [
      ["check", "no/such/file.ts"],
      ["check", join(ROOT, "test/fixtures/cli/syntax-error.ts")],
      ["check", WILDCARD, "--shard", "4/3"],
      ["check", WILDCARD, "--buffering", "sometimes"],
    ]) {
      const r = mpisim(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
