/**
 * WorldMemory (core/memory.ts): one entry per ArrayBuffer answers its trace id, its footprint
 * name and its watch count; a small memo of the buffers asked about last must never answer for
 * another buffer.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { WorldMemory } from "../../core/memory.ts";
import { RankState } from "../../core/world-types.ts";

const memory = () => new WorldMemory([new RankState(0), new RankState(1)]);

describe("WorldMemory", () => {
  it("gives trace ids in first-sight order, the same id to the same buffer, whoever asks", () => {
    const m = memory();
    const [a, b, c] = [new ArrayBuffer(4), new ArrayBuffer(4), new ArrayBuffer(4)];
    expect(m.traceId(a, 0)).toBe("r0b0");
    expect(m.traceId(b, 1)).toBe("r1b1");
    expect(m.traceId(a, 1)).toBe("r0b0");
    expect(m.traceId(c, 0)).toBe("r0b2");
  });

  it("counts the reasons a buffer is watched; releasing an unwatched buffer makes no entry", () => {
    const m = memory();
    const a = new ArrayBuffer(8);
    expect(m.isWatched(a)).toBe(false);
    expect(m.unwatch(a)).toBe(true);
    expect(m.isWatched(a)).toBe(false);
    expect(m.watch(a)).toBe(true);
    expect(m.watch(a)).toBe(false);
    expect(m.unwatch(a)).toBe(false);
    expect(m.isWatched(a)).toBe(true);
    expect(m.unwatch(a)).toBe(true);
    expect(m.isWatched(a)).toBe(false);
    expect(m.watch(a)).toBe(true);
  });

  it("keeps a given footprint name, and names other memory after the rank's call that showed it", () => {
    const ranks = [new RankState(0)];
    const m = new WorldMemory(ranks);
    const [w, x, y] = [new ArrayBuffer(4), new ArrayBuffer(4), new ArrayBuffer(4)];
    m.name(w, "win0@0");
    expect(m.nameOf(w, 0)).toBe("win0@0");
    ranks[0].callSeq = 3;
    m.nameIfNew(x, 0);
    m.nameIfNew(w, 0);
    expect(m.nameOf(x, 0)).toBe("mem:0:3:0");
    expect(m.nameOf(y, 0)).toBe("mem:0:3:1");
    expect(m.nameOf(w, 0)).toBe("win0@0");
    // names and trace ids are separate: naming made no trace id
    expect(m.traceId(x, 0)).toBe("r0b0");
  });

  it("answers like one map per question, whatever the order of questions over many buffers", () => {
    type Op = { q: "id" | "watch" | "unwatch" | "watched" | "name"; b: number; r: number };
    const op = fc.record({ q: fc.constantFrom("id", "watch", "unwatch", "watched", "name"), b: fc.nat(9), r: fc.nat(1) }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const m = memory();
        const bufs = Array.from({ length: 10 }, () => new ArrayBuffer(1));
        const ids = new Map<number, string>();
        const names = new Map<number, string>();
        const counts = new Map<number, number>();
        let next = 0;
        for (const { q, b, r } of ops) {
          const buf = bufs[b];
          if (q === "id") {
            if (!ids.has(b)) ids.set(b, `r${r}b${next++}`);
            expect(m.traceId(buf, r)).toBe(ids.get(b));
          } else if (q === "watch") {
            const n = counts.get(b) ?? 0;
            counts.set(b, n + 1);
            expect(m.watch(buf)).toBe(n === 0);
          } else if (q === "unwatch") {
            const n = counts.get(b) ?? 0;
            if (n > 0) counts.set(b, n - 1);
            expect(m.unwatch(buf)).toBe(n <= 1);
          } else if (q === "watched") {
            expect(m.isWatched(buf)).toBe((counts.get(b) ?? 0) > 0);
          } else {
            if (!names.has(b)) names.set(b, `given${b}`);
            m.name(buf, names.get(b)!);
            expect(m.nameOf(buf, r)).toBe(names.get(b));
          }
        }
      }),
    );
  });
});
