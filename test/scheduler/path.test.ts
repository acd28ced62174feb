import { describe, expect, it } from "vitest";
import { EventKind } from "../../core/events.ts";
import { runProgram } from "../../scheduler/run.ts";
import { Session } from "../../scheduler/session.ts";
import { FollowStrategy, PathCursor, RecordedPath, divert, eventBranch } from "../../scheduler/path.ts";
import fc from "fast-check";
import { prefixThenRandom } from "../../scheduler/shrink.ts";
import { decodeToken, encodeToken, pathOfToken } from "../../scheduler/token.ts";
import { wildcardProgram } from "../helpers/program.ts";

const wildcard = wildcardProgram;

describe("Path", () => {
  it("a cursor answers the same at the same step, skips earlier branches, and knows its end", () => {
    const c = new PathCursor([eventBranch(2, { kind: EventKind.Resume, rank: 1, seq: 0 }), eventBranch(5, { kind: EventKind.Deliver, rank: 0, seq: 3 })]);
    expect(c.end).toBe(5);
    expect(c.at(0)).toBeUndefined();
    expect(c.at(2)?.rank).toBe(1);
    expect(c.at(2)?.rank).toBe(1);
    expect(c.at(4)).toBeUndefined();
    expect(c.at(5)?.seq).toBe(3);
    expect(c.at(6)).toBeUndefined();
    expect(new PathCursor([]).end).toBe(-1);
  });

  it("following a token's branches is replaying the token; the session's path is the token", async () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = await runProgram(wildcard, { seed });
      const path = pathOfToken(r.schedule, wildcard);
      const f = await runProgram(wildcard, { strategy: new FollowStrategy(path.branches) });
      expect(f.traceHash).toBe(r.traceHash);
      expect(f.schedule).toBe(r.schedule);
      const s = new Session(wildcard, { schedule: r.schedule });
      await s.run();
      const { hash, ranks, buffering, eagerLimit, branches } = s.path;
      expect({ hash, ranks, buffering, eagerLimit, branches }).toEqual({ ...path, hash: wildcard.hash });
      expect(encodeToken(s.path)).toBe(r.schedule);
    }
  });

  it("a wildcard receive matched with the other sender is one divert() away", async () => {
    // Find the step where both messages can match rank 0's first wildcard receive.
    const s = new Session(wildcard, { strategy: "round-robin" });
    let at = -1;
    let other: { kind: EventKind; rank: number; seq: number } | undefined;
    while (!s.done && at < 0) {
      const delivers = s.enabled().filter((e) => e.kind === EventKind.Deliver);
      if (delivers.length === 2) {
        at = s.world.step;
        other = delivers.find((e) => e !== s.world.enabled.oldest());
      } else await s.step();
    }
    expect(other).toBeDefined();
    const first = await runProgram(wildcard, { strategy: "round-robin" });
    const second = await runProgram(wildcard, { strategy: new FollowStrategy(divert(decodeToken(first.schedule).branches, at, other!)) });
    expect(first.outputs[0]).toEqual(["first 1 then 2"]);
    expect(second.outputs[0]).toEqual(["first 2 then 1"]);
    expect(decodeToken(second.schedule).branches).toEqual([eventBranch(at, other!)]);
  });

  it("prefix-then-random honours the prefix, then leaves the defaults", async () => {
    const r = await runProgram(wildcard, { seed: 9 });
    const prefix = decodeToken(r.schedule).branches;
    expect(prefix.length).toBeGreaterThan(0);
    for (const seed of [0, 1, 2]) {
      const x = await runProgram(wildcard, { strategy: prefixThenRandom(prefix, seed) });
      expect(decodeToken(x.schedule).branches.slice(0, prefix.length)).toEqual(prefix);
    }
  });

  it("a recorded path gives back what it recorded, and encodes as the same branches would", () => {
    const ev = fc.record({ kind: fc.integer({ min: 0, max: 4 }), rank: fc.integer({ min: 0, max: 5000 }), seq: fc.integer({ min: 0, max: 2 ** 40 }) });
    fc.assert(
      // Up to 2,600 branches: across the chunks of 1,024 a path keeps them in.
      fc.property(fc.oneof(fc.array(fc.tuple(fc.integer({ min: 1, max: 2 ** 33 }), ev), { maxLength: 400 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 2 ** 33 }), ev), { minLength: 1000, maxLength: 2600 })), (steps) => {
        const p = new RecordedPath("0123456789abcdef", 3, "rendezvous", 1024);
        const want = [];
        let step = 0;
        for (const [d, e] of steps) {
          step += d;
          p.record(step, e as { kind: EventKind; rank: number; seq: number });
          want.push(eventBranch(step, e as { kind: EventKind; rank: number; seq: number }));
        }
        expect(p.length).toBe(want.length);
        expect(p.branches).toEqual(want);
        expect(p.last()).toEqual(want[want.length - 1]);
        const plain = { hash: p.hash, ranks: 3, buffering: "rendezvous" as const, eagerLimit: 1024, branches: want };
        expect(encodeToken(p)).toBe(encodeToken(plain));
        expect(decodeToken(encodeToken(p)).branches).toEqual(want);
      }),
      // No shrinking: a failing path of thousands of branches would take minutes to shrink.
      { numRuns: 60, endOnFailure: true },
    );
  });

  it("a long path keeps every branch across its off-heap chunks (40,000 branches)", () => {
    const p = new RecordedPath("0123456789abcdef", 7, "eager", 65536);
    const n = 40_000;
    for (let i = 0; i < n; i++) p.record(3 * i + 1, { kind: (i % 5) as EventKind, rank: i % 7, seq: i * 1_000_003 });
    expect(p.length).toBe(n);
    for (const i of [0, 1023, 1024, 1025, 17_407, 17_408, 17_409, 33_791, 33_792, n - 1]) {
      expect(p.branches[i]).toEqual(eventBranch(3 * i + 1, { kind: (i % 5) as EventKind, rank: i % 7, seq: i * 1_000_003 }));
    }
    expect(decodeToken(encodeToken(p)).branches).toEqual(p.branches);
  });
});
