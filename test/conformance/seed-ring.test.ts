import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { load } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import { runJson } from "../../cli/report.ts";
import { SEED, mpisim, seedExpected, skipWithoutShared } from "../helpers/conformance.ts";

const FILE = join(SEED, "01-persistent-ring.ts");
const NO_SHARED = skipWithoutShared("conformance: 01-persistent-ring.ts");
const expected = (NO_SHARED ? {} : seedExpected())["01-persistent-ring.ts"];

describe.skipIf(NO_SHARED)("conformance: 01-persistent-ring.ts", () => {
  it("gives Open MPI's per-rank output under 200 random schedules (the CLI's --json path)", async () => {
    const program = await load(FILE);
    for (let seed = 0; seed < 200; seed++) {
      const r = await runProgram(program, { ranks: 4, seed, keepTrace: false });
      expect(runJson(r).outputs, `seed ${seed}`).toEqual(expected.output_by_rank);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("gives the same output under rendezvous buffering and round-robin", async () => {
    const program = await load(FILE);
    for (let seed = 0; seed < 50; seed++) {
      const r = await runProgram(program, { seed, buffering: "rendezvous" });
      expect(runJson(r).outputs).toEqual(expected.output_by_rank);
    }
    const rr = await runProgram(program, { strategy: "round-robin" });
    expect(runJson(rr).outputs).toEqual(expected.output_by_rank);
  });

  it("through the real binary: npx mpisim run -n 4 FILE --seed S --json", () => {
    for (const seed of [0, 1, 7, 42, 1234]) {
      const r = mpisim(["run", "-n", "4", FILE, "--seed", String(seed), "--json"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.outputs).toEqual(expected.output_by_rank);
      expect(out.diagnostics).toEqual([]);
      expect(out.schedule).toMatch(/^ms1\./);
    }
  });
});
