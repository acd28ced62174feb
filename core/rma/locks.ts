/**
 * Passive-target locks of one window (MPI 4.1 §12.5.3): per target, one exclusive holder or any
 * number of shared holders; Lock_all is a shared lock on every target. A Lock blocks until it can
 * be granted; which waiter gets a free lock is the scheduler's choice (every grantable waiter's
 * resume event is enabled). Locks exclude other lock epochs only: they do not stop the target's
 * own loads and stores.
 */
import { IntList } from "../int-list.ts";

export type LockType = "shared" | "exclusive";

/**
 * The holders and waiters are small lists (IntList), not Sets or Maps: a lock-based loop adds and
 * removes the same rank at every Lock and Unlock, and V8 reallocates a Set's table each time it
 * empties (it shrinks on delete); that churn was a steady share of such a loop's garbage.
 */
export class LockTable {
  /** per target (local rank): the exclusive holder, or -1 */
  private readonly exclusive: Int32Array;
  /** per target: the shared holders (local ranks), in no particular order; null while none ever held */
  private readonly shared: (IntList | null)[];
  /** origins (local ranks) holding Lock_all */
  readonly lockAll = new IntList();
  /** targets with an exclusive holder right now */
  private exclusiveCount = 0;
  /**
   * world ranks blocked in Lock / Lock_all on this window, in the order they blocked (the order
   * they are re-poked in when a lock changes hands, which orders their resume events)
   */
  readonly waiters = new IntList();

  constructor(size: number) {
    this.exclusive = new Int32Array(size).fill(-1);
    this.shared = new Array<IntList | null>(size).fill(null);
  }

  /** Rank `rank` (world) blocks in a lock call. */
  wait(rank: number): void {
    if (this.waiters.indexOf(rank) < 0) this.waiters.push(rank);
  }

  /** Rank `rank` (world) got its lock (or stopped waiting). */
  stopWaiting(rank: number): void {
    this.waiters.remove(rank, true);
  }

  canLock(t: number, type: LockType): boolean {
    if (this.exclusive[t] >= 0) return false;
    if (type === "shared") return true;
    const sh = this.shared[t];
    return (sh === null || sh.length === 0) && this.lockAll.length === 0;
  }

  grant(t: number, type: LockType, origin: number): void {
    if (type === "shared") (this.shared[t] ??= new IntList()).push(origin);
    else {
      this.exclusive[t] = origin;
      this.exclusiveCount++;
    }
  }

  release(t: number, origin: number): void {
    if (this.exclusive[t] === origin) {
      this.exclusive[t] = -1;
      this.exclusiveCount--;
    } else {
      const sh = this.shared[t];
      if (sh !== null) sh.remove(origin, false);
    }
  }

  /** Does anyone hold a lock (Lock or Lock_all) on target t? */
  held(t: number): boolean {
    const sh = this.shared[t];
    return this.lockAll.length > 0 || this.exclusive[t] >= 0 || (sh !== null && sh.length > 0);
  }

  canLockAll(): boolean {
    return this.exclusiveCount === 0;
  }

  grantAll(origin: number): void {
    if (this.lockAll.indexOf(origin) < 0) this.lockAll.push(origin);
  }

  releaseAll(origin: number): void {
    this.lockAll.remove(origin, false);
  }

  /** Local ranks holding a lock that conflicts with `type` on t (for the deadlock wait-for graph). */
  blockers(t: number, type: LockType): number[] {
    const out: number[] = [];
    if (this.exclusive[t] >= 0) out.push(this.exclusive[t]);
    if (type === "exclusive") {
      const sh = this.shared[t];
      if (sh !== null) out.push(...sh.toArray());
      out.push(...this.lockAll.toArray());
    }
    return [...new Set(out)].sort((a, b) => a - b);
  }

  exclusiveHolders(): number[] {
    const out: number[] = [];
    for (const h of this.exclusive) if (h >= 0) out.push(h);
    return out.sort((a, b) => a - b);
  }
}

/**
 * The passive-target locks one member holds, by target (local rank), in the order taken: a Map
 * with the same churn as above (one entry set at Lock, deleted at Unlock).
 */
export class HeldLocks {
  /** per target: 0 none, 1 shared, 2 exclusive */
  private readonly types: Uint8Array;
  private readonly order = new IntList();

  constructor(size: number) {
    this.types = new Uint8Array(size);
  }

  get size(): number {
    return this.order.length;
  }

  has(t: number): boolean {
    return this.types[t] !== 0;
  }

  get(t: number): LockType | undefined {
    const k = this.types[t];
    return k === 0 ? undefined : k === 1 ? "shared" : "exclusive";
  }

  set(t: number, type: LockType): void {
    if (this.types[t] === 0) this.order.push(t);
    this.types[t] = type === "shared" ? 1 : 2;
  }

  delete(t: number): void {
    if (this.types[t] === 0) return;
    this.types[t] = 0;
    this.order.remove(t, true);
  }

  /** The target of the oldest lock held (size > 0). */
  first(): number {
    return this.order.at(0);
  }
}
