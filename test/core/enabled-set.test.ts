import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EnabledSet, EventKind, SimEvent, type EventOwner } from "../../core/events.ts";

const owner: EventOwner = { fire() {}, describe: () => "test event" };
const events = (n: number) => Array.from({ length: n }, (_, i) => new SimEvent(EventKind.Deliver, i % 5, i, owner, null));

/** The FIFO's slots, read from outside (white box: what the set keeps reachable). */
function fifo(set: EnabledSet): (SimEvent | null)[] {
  return (set as unknown as { queue: (SimEvent | null)[] }).queue;
}

// An operation on the set: add or remove event i, or ask for the oldest.
const op = fc.oneof(
  fc.record({ t: fc.constant("add" as const), i: fc.nat(39) }),
  fc.record({ t: fc.constant("remove" as const), i: fc.nat(39) }),
  fc.record({ t: fc.constant("oldest" as const) }),
);

describe("EnabledSet", () => {
  it("oldest() is the enabled event enabled longest ago, and items are exactly the enabled events", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const evs = events(40);
        const set = new EnabledSet();
        // The model: enabled events in the order they were (last) enabled.
        const model: SimEvent[] = [];
        for (const o of ops) {
          if (o.t === "add") {
            set.add(evs[o.i]);
            if (!model.includes(evs[o.i])) model.push(evs[o.i]);
          } else if (o.t === "remove") {
            set.remove(evs[o.i]);
            const k = model.indexOf(evs[o.i]);
            if (k >= 0) model.splice(k, 1);
          } else expect(set.oldest()).toBe(model[0]);
          expect(set.size).toBe(model.length);
        }
        expect(set.oldest()).toBe(model[0]);
        expect(new Set(set.items)).toEqual(new Set(model));
        for (const ev of evs) expect(ev.enabled).toBe(model.includes(ev));
      }),
      { numRuns: 200 },
    );
  });

  it("keeps its FIFO in proportion to the enabled events when nobody asks for the oldest", () => {
    const evs = events(8);
    const set = new EnabledSet();
    for (const ev of evs) set.add(ev);
    // Events 0–3 stay enabled; 4–7 are fired and enabled again many times.
    for (let round = 0; round < 5000; round++) {
      const ev = evs[4 + (round % 4)];
      set.remove(ev);
      set.add(ev);
    }
    expect(fifo(set).length).toBeLessThan(4 * 8 + 4096 + 2);
    expect(set.oldest()).toBe(evs[0]);
    set.remove(evs[0]);
    set.remove(evs[1]);
    set.remove(evs[2]);
    set.remove(evs[3]);
    // 4–7 were last enabled in the order 4 (round 4996), 5, 6, 7.
    expect(set.oldest()).toBe(evs[4]);
    set.remove(evs[4]);
    expect(set.oldest()).toBe(evs[5]);
  });

  it("keeps no removed event reachable from its FIFO, and the FIFO's compaction keeps the order", () => {
    const evs = events(3000);
    const set = new EnabledSet();
    // One event stays enabled from the start: the FIFO's head cannot pass it, so the slots behind it
    // are what a fired event would otherwise stay reachable through.
    set.add(evs[0]);
    for (let i = 1; i < evs.length; i++) {
      set.add(evs[i]);
      if (i > 1) set.remove(evs[i - 1]);
    }
    const kept = fifo(set).filter((e) => e !== null);
    expect(kept).toEqual([evs[0], evs[evs.length - 1]]);
    expect(set.oldest()).toBe(evs[0]);
    // Past the head: compacted (more than 1,024 empty slots) and still in order.
    set.remove(evs[0]);
    expect(set.oldest()).toBe(evs[evs.length - 1]);
    expect(fifo(set).length).toBeLessThan(10);
    set.add(evs[0]);
    set.add(evs[1]);
    set.remove(evs[evs.length - 1]);
    expect(set.oldest()).toBe(evs[0]);
    set.remove(evs[0]);
    expect(set.oldest()).toBe(evs[1]);
    expect(set.items).toEqual([evs[1]]);
  });
});
