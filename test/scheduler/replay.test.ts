import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { replay, run } from "../../index.ts";
import { anyProgram, anySpecs } from "../harness/gen.ts";

describe("replay and robustness on random programs", () => {
  it("the same token replays to a byte-identical trace; user mistakes are diagnostics, never exceptions out of run()", async () => {
    const kinds = new Set<string>();
    const statuses = new Set<string>();
    await fc.assert(
      fc.asyncProperty(anySpecs(), fc.nat(), fc.constantFrom("eager" as const, "rendezvous" as const), async (spec, seed, buffering) => {
        const p = anyProgram(spec);
        const a = await run(p, { seed, buffering, maxSteps: 20_000 });
        const b = await replay(p, a.schedule, { maxSteps: 20_000 });
        expect(b.traceHash).toBe(a.traceHash);
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
        expect(b.outputs).toEqual(a.outputs);
        expect(b.schedule).toBe(a.schedule);
        for (const d of a.diagnostics) {
          expect(typeof d.message).toBe("string");
          kinds.add(d.kind);
        }
        statuses.add(a.status);
      }),
      { numRuns: 150, seed: 11 },
    );
    // The generator reaches clean runs, deadlocks and MPI errors alike.
    expect(statuses).toContain("ok");
    expect(statuses).toContain("deadlock");
    expect(kinds).toContain("mpi-error");
    expect(kinds).toContain("deadlock");
  });
});
