/**
 * mpisim/vitest on the lecture's programs (the built-in scenarios, copies of the conformance seeds): the matchers, and the fast-check arbitrary of
 * schedules whose counterexamples shrink and print as schedule tokens.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import "../../vitest.ts";
import { schedules } from "../../vitest.ts";
import { load, replay, run } from "../../index.ts";

// Seeds 01, 02, 03, 05 and 06 as built in. 04 is left to the checkers' own tests (its rma-race verdict is theirs to settle); 07 reads the
// file 06 writes, and every run starts with an empty in-memory file system.
const PROGRAMS = ["persistent-ring", "fence-put", "lock-put", "io-write-at", "io-rows-write"];

describe("mpisim/vitest", () => {
  for (const file of PROGRAMS) {
    it(`${file}: race free under fast-check schedules`, async () => {
      const p = await load(`scenario:${file}`);
      await fc.assert(
        fc.asyncProperty(schedules({ ranks: p.ranks }), async (s) => {
          const r = await run(p, { strategy: s, keepTrace: false });
          expect(r.status).toBe("ok");
          expect(r).toBeRaceFree();
          expect(r).not.toHaveDiagnostic("deadlock");
        }),
        { numRuns: 15, seed: 1 },
      );
    });
  }

  it("explores a program when given one (await the matcher)", async () => {
    const ring = await load("scenario:persistent-ring");
    await expect(ring).toBeRaceFree({ schedules: 20 });
    const getput = await load("scenario:work-stealing-getput");
    await expect(getput).toHaveDiagnostic("property", { schedules: 20 });
    await expect(getput).not.toBeRaceFree({ schedules: 20 });
  });

  it("a failing property's counterexample shrinks and prints as a token that replays the failure", async () => {
    const p = await load("test/fixtures/scheduler/getput-counter.ts");
    const out = await fc.check(
      fc.asyncProperty(schedules({ ranks: 3 }), async (s) => {
        const r = await run(p, { strategy: s, keepTrace: false });
        return !r.diagnostics.some((d) => d.kind === "property");
      }),
      { numRuns: 300, seed: 4 },
    );
    expect(out.failed).toBe(true);
    const cex = out.counterexample![0];
    const token = String(cex);
    expect(token).toMatch(/^ms1\.[0-9a-f]{12}\.3\.e\.[A-Za-z0-9_-]+$/);
    expect(fc.stringify(cex)).toBe(token);
    expect(cex.picks.length).toBeLessThanOrEqual(10);
    const again = await replay(p, token);
    expect(again.diagnostics.map((d) => d.kind)).toContain("property");
  });
});
