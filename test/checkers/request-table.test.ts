import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RequestTable } from "../../checkers/request-table.ts";

// Ids as the world makes them (small integers, some far apart), and ones only a hand-made trace has.
const id = fc.oneof(
  { arbitrary: fc.nat(2000), weight: 20 },
  { arbitrary: fc.integer({ min: 2 ** 26 - 300, max: 2 ** 26 + 300 }), weight: 1 },
  { arbitrary: fc.constantFrom(-1, 0.5, 2 ** 40), weight: 1 },
);

describe("RequestTable", () => {
  it("answers as a Map of the same sets and deletes, and lists its values in id order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), id), { maxLength: 300 }), (ops) => {
        const t = new RequestTable<string>();
        const m = new Map<number, string>();
        ops.forEach(([set, k], i) => {
          if (set) {
            t.set(k, `v${i}`);
            m.set(k, `v${i}`);
          } else {
            t.delete(k);
            m.delete(k);
          }
          if (t.get(k) !== m.get(k) || t.has(k) !== m.has(k) || t.size !== m.size) throw new Error(`differs from a Map after op ${i} on ${k}`);
        });
        const small = [...m.keys()].filter((k) => Number.isInteger(k) && k >= 0 && k <= 2 ** 26).sort((a, b) => a - b);
        const rest = [...m.keys()].filter((k) => !small.includes(k));
        expect(t.values()).toEqual([...small, ...rest].map((k) => m.get(k)));
      }),
      { numRuns: 150 },
    );
  });

  it("drops a page when its last entry goes", () => {
    const t = new RequestTable<number>();
    for (let i = 0; i < 1000; i++) t.set(i, i);
    for (let i = 0; i < 1000; i++) t.delete(i);
    const pages = (t as unknown as { pages: unknown[] }).pages;
    expect(pages.every((p) => p === undefined)).toBe(true);
    expect(t.size).toBe(0);
    // An emptied page comes back empty for other ids.
    t.set(5000, 1);
    expect(t.get(5000)).toBe(1);
    for (let i = 4864; i < 5120; i++) if (i !== 5000) expect(t.get(i)).toBeUndefined();
    expect(t.values()).toEqual([1]);
  });
});
