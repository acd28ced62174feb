import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IntList } from "../../core/int-list.ts";
import { HeldLocks, LockTable } from "../../core/rma/locks.ts";

// The lock table keeps its holders and waiters in arrays (core/rma/locks.ts); these are the Set
// and Map semantics it replaced, checked against a model.
describe("LockTable", () => {
  it("waiters keep the order they blocked in, across removals (their re-poke order)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 7 })), { maxLength: 60 }), (ops) => {
        const t = new LockTable(8);
        const model = new Set<number>();
        for (const [add, r] of ops) {
          if (add) {
            t.wait(r);
            model.add(r);
          } else {
            t.stopWaiting(r);
            model.delete(r);
          }
          expect(t.waiters.toArray()).toEqual([...model]);
        }
      }),
    );
  });

  it("grants and releases shared and exclusive locks as MPI 4.1 §12.5.3 says", () => {
    const t = new LockTable(3);
    expect(t.canLock(1, "exclusive")).toBe(true);
    t.grant(1, "shared", 0);
    t.grant(1, "shared", 2);
    expect(t.canLock(1, "shared")).toBe(true);
    expect(t.canLock(1, "exclusive")).toBe(false);
    expect(t.blockers(1, "exclusive")).toEqual([0, 2]);
    expect(t.held(1)).toBe(true);
    t.release(1, 0);
    expect(t.blockers(1, "exclusive")).toEqual([2]);
    t.release(1, 2);
    expect(t.held(1)).toBe(false);
    t.grant(1, "exclusive", 2);
    expect(t.canLock(1, "shared")).toBe(false);
    expect(t.canLockAll()).toBe(false);
    expect(t.exclusiveHolders()).toEqual([2]);
    expect(t.blockers(1, "shared")).toEqual([2]);
    t.release(1, 2);
    expect(t.canLockAll()).toBe(true);
    t.grantAll(0);
    expect(t.canLock(2, "exclusive")).toBe(false);
    expect(t.canLock(2, "shared")).toBe(true);
    expect(t.held(0)).toBe(true);
    t.releaseAll(0);
    expect(t.held(0)).toBe(false);
    expect(t.canLock(2, "exclusive")).toBe(true);
  });
});

describe("HeldLocks", () => {
  it("behaves as a Map from target to lock type, first() being the oldest lock held", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("set", "delete"), fc.integer({ min: 0, max: 5 }), fc.constantFrom("shared" as const, "exclusive" as const)), { maxLength: 60 }), (ops) => {
        const h = new HeldLocks(6);
        const model = new Map<number, "shared" | "exclusive">();
        for (const [op, t, type] of ops) {
          if (op === "set") {
            h.set(t, type);
            model.set(t, type);
          } else {
            h.delete(t);
            model.delete(t);
          }
          expect(h.size).toBe(model.size);
          for (let k = 0; k < 6; k++) {
            expect(h.has(k)).toBe(model.has(k));
            expect(h.get(k)).toBe(model.get(k));
          }
          if (model.size) expect(h.first()).toBe([...model.keys()][0]);
        }
      }),
    );
  });
});

describe("IntList", () => {
  it("pushes, removes (ordered or swapped with the last) and clears as an array would", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("push", "ordered", "swap", "clear"), fc.integer({ min: 0, max: 5 })), { maxLength: 80 }), (ops) => {
        const l = new IntList();
        const model: number[] = [];
        for (const [op, x] of ops) {
          if (op === "push") {
            l.push(x);
            model.push(x);
          } else if (op === "clear") {
            l.clear();
            model.length = 0;
          } else {
            l.remove(x, op === "ordered");
            const i = model.indexOf(x);
            if (i >= 0) {
              if (op === "ordered") model.splice(i, 1);
              else model[i] = model[model.length - 1], model.pop();
            }
          }
          expect(l.toArray()).toEqual(model);
          expect(l.length).toBe(model.length);
        }
      }),
    );
  });
});
