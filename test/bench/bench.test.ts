// Runs `npm run bench -- --quick --json` once so the bench code keeps working as the tree moves.
// Structure only: no timing is ever asserted (performance lives in bench/, never in tests).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchReport } from "../../bench/lib/report.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const WORKLOADS = ["calls", "schedules", "fastcheck", "dpor", "io", "workers", "startup", "scale"];

describe("npm run bench -- --quick --json", () => {
  it("prints one report object with every workload, each row a figure with its reference", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/main.ts", "--quick", "--json"], { cwd: root, encoding: "utf8", timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as BenchReport;
    expect(rep.mpisimBench).toBe(1);
    expect(rep.mode).toBe("quick");
    expect(rep.sections.map((s) => s.id)).toEqual(WORKLOADS);
    for (const s of rep.sections) {
      expect(["ok", "skipped"], `${s.id}: ${s.message}`).toContain(s.status);
      if (s.status === "skipped") expect(s.message).toBeTruthy();
      for (const row of s.rows) {
        expect(row.id.startsWith(s.id + ".")).toBe(true);
        expect(typeof row.figure.value).toBe("number");
        expect(row.figure.unit).toBeTruthy();
        if (row.reference) {
          expect(typeof row.reference.value).toBe("number");
          expect(typeof row.ratio).toBe("number");
        }
        if (row.target) expect(typeof row.target.holds).toBe("boolean");
      }
    }
    // Workloads that depend on nothing still being landed always produce rows.
    for (const id of ["calls", "fastcheck", "scale"]) expect(rep.sections.find((s) => s.id === id)!.rows.length).toBeGreaterThan(0);
    const ids = rep.sections.flatMap((s) => s.rows.map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(rep.targets.every((t) => ids.includes(t.id))).toBe(true);
  });

  it("rejects an unknown option", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/main.ts", "--nope"], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});
