import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { load, replay, run } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import { decodeToken, encodeToken } from "../../scheduler/token.ts";
import { eventBranch } from "../../scheduler/path.ts";
import type { EventKind } from "../../core/events.ts";
import { prog } from "../helpers/program.ts";

// The lecture's persistent ring (the built-in copy of conformance seed 01, so a clone without ../shared runs this).
const ring = () => load("scenario:persistent-ring");

describe("determinism", () => {
  it("a run is a pure function of (program, options, seed): same seed, same trace hash", async () => {
    const p = await ring();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom("eager", "rendezvous" as const), async (seed, buffering) => {
        const a = await runProgram(p, { seed, buffering });
        const b = await runProgram(p, { seed, buffering });
        expect(b.traceHash).toBe(a.traceHash);
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
      }),
      { numRuns: 40 },
    );
  });

  it("the schedule token replays to a byte-identical trace", async () => {
    const p = await load("scenario:halo-cart");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const a = await run(p, { seed });
        const b = await replay(p, a.schedule);
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
        expect(b.schedule).toBe(a.schedule);
      }),
      { numRuns: 30 },
    );
  });

  it("different seeds explore different interleavings", async () => {
    const p = await ring();
    const hashes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) hashes.add((await runProgram(p, { seed })).traceHash);
    expect(hashes.size).toBeGreaterThan(15);
  });

  it("a token from another program is refused with a clear message", async () => {
    const a = await run(await ring(), { seed: 3 });
    const other = prog(async () => {}, 4, "other");
    await expect(replay(other, a.schedule)).rejects.toThrow(/schedule token was made for a different program/);
  });

  it("malformed tokens are refused with one clear line", async () => {
    const p = await ring();
    await expect(replay(p, "hello")).rejects.toThrow(/not a schedule token/);
    await expect(replay(p, "ms9.abc.4.e.-")).rejects.toThrow(/format "ms9" is not supported/);
    await expect(replay(p, `ms1.${p.hash.slice(0, 12)}.4.e.!!`)).rejects.toThrow(/corrupted/);
    await expect(replay(p, `ms1.${p.hash.slice(0, 12)}.4.e.gA`)).rejects.toThrow(/truncated/);
  });

  it("tokens round-trip through encode/decode", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.nat(5000), kind: fc.nat(4), rank: fc.nat(5000), seq: fc.nat(1e6) }), { maxLength: 50 }),
        fc.constantFrom("eager", "rendezvous" as const),
        fc.constantFrom(65536, 0, 123),
        (raw, buffering, eagerLimit) => {
          let step = 0;
          const branches = raw.map((c) => eventBranch((step += c.d), { kind: c.kind as EventKind, rank: c.rank, seq: c.seq }));
          const s = { hash: "0123456789abcdef", ranks: 7, buffering, eagerLimit, branches };
          const t = encodeToken(s);
          expect(t).toMatch(/^[A-Za-z0-9._-]+$/);
          expect(decodeToken(t)).toEqual({ ...s, hash: "0123456789ab" });
        },
      ),
    );
  });
});
