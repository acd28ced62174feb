import { describe, expect, it } from "vitest";
import { DealTaker, newDeal } from "../../scheduler/deal.ts";

describe("deal: threads sharing one sampled exploration", () => {
  it("hands out every position once, in increasing order, across takers", () => {
    const deal = newDeal(true);
    const a = new DealTaker(deal);
    const b = new DealTaker(deal);
    const got: number[] = [];
    for (let i = 0; i < 5; i++) got.push((i % 2 ? b : a).take(5));
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(a.take(5)).toBe(-1);
    expect(b.take(5)).toBe(-1);
  });

  it("a failure stops positions after it when failures stop the exploration, not before it", () => {
    const deal = newDeal(true);
    const a = new DealTaker(deal);
    const b = new DealTaker(deal);
    expect([a.take(10), b.take(10), a.take(10)]).toEqual([0, 1, 2]);
    expect(a.ranInto(2, true, false)).toBe(true);
    // Position 1 was already taken; nothing after 2 starts.
    expect(b.take(10)).toBe(-1);
    // An earlier failure moves the stop earlier; a later one does not move it back.
    b.ranInto(1, true, false);
    a.ranInto(2, true, false);
    expect(new Int32Array(deal.shared)[1]).toBe(1);
  });

  it("with --all a failure does not stop; a run the watchdog cut and stopAll always do", () => {
    const deal = newDeal(false);
    const t = new DealTaker(deal);
    expect(t.take(10)).toBe(0);
    expect(t.ranInto(0, true, false)).toBe(false);
    expect(t.take(10)).toBe(1);
    expect(t.ranInto(1, false, true)).toBe(true);
    expect(t.take(10)).toBe(-1);
    const other = newDeal(false);
    const u = new DealTaker(other);
    u.stopAll();
    expect(u.take(10)).toBe(-1);
  });
});
