/**
 * Passive-target locks of one window (MPI 4.1 §12.5.3): per target, one exclusive holder or any
 * number of shared holders; Lock_all is a shared lock on every target. A Lock blocks until it can
 * be granted; which waiter gets a free lock is the scheduler's choice (every grantable waiter's
 * resume event is enabled). Locks exclude other lock epochs only: they do not stop the target's
 * own loads and stores.
 */
export type LockType = "shared" | "exclusive";

interface TargetLock {
  exclusive: number;
  shared: Set<number>;
}

export class LockTable {
  private targets = new Map<number, TargetLock>();
  /** origins (local ranks) holding Lock_all */
  readonly lockAll = new Set<number>();
  /** targets with an exclusive holder right now */
  private exclusiveCount = 0;
  /** world ranks blocked in Lock / Lock_all on this window (re-poked when a lock changes hands) */
  readonly waiters = new Set<number>();

  private at(t: number): TargetLock {
    let l = this.targets.get(t);
    if (!l) {
      l = { exclusive: -1, shared: new Set() };
      this.targets.set(t, l);
    }
    return l;
  }

  canLock(t: number, type: LockType): boolean {
    const l = this.targets.get(t);
    if (type === "shared") return !l || l.exclusive < 0;
    return (!l || (l.exclusive < 0 && l.shared.size === 0)) && this.lockAll.size === 0;
  }

  grant(t: number, type: LockType, origin: number): void {
    const l = this.at(t);
    if (type === "shared") l.shared.add(origin);
    else {
      l.exclusive = origin;
      this.exclusiveCount++;
    }
  }

  release(t: number, origin: number): void {
    const l = this.at(t);
    if (l.exclusive === origin) {
      l.exclusive = -1;
      this.exclusiveCount--;
    } else l.shared.delete(origin);
  }

  /** Does anyone hold a lock (Lock or Lock_all) on target t? */
  held(t: number): boolean {
    const l = this.targets.get(t);
    return this.lockAll.size > 0 || (l !== undefined && (l.exclusive >= 0 || l.shared.size > 0));
  }

  canLockAll(): boolean {
    return this.exclusiveCount === 0;
  }

  grantAll(origin: number): void {
    this.lockAll.add(origin);
  }

  releaseAll(origin: number): void {
    this.lockAll.delete(origin);
  }

  /** Local ranks holding a lock that conflicts with `type` on t (for the deadlock wait-for graph). */
  blockers(t: number, type: LockType): number[] {
    const l = this.targets.get(t);
    const out: number[] = [];
    if (l && l.exclusive >= 0) out.push(l.exclusive);
    if (type === "exclusive") {
      if (l) out.push(...l.shared);
      out.push(...this.lockAll);
    }
    return [...new Set(out)].sort((a, b) => a - b);
  }

  exclusiveHolders(): number[] {
    const out: number[] = [];
    for (const l of this.targets.values()) if (l.exclusive >= 0) out.push(l.exclusive);
    return out.sort((a, b) => a - b);
  }
}
