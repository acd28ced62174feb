/**
 * Passive-target synchronisation (MPI 4.1 §12.5.3–4): Lock / Unlock, Lock_all / Unlock_all, the
 * flushes and Win.Sync. A lock call parks until the lock can be granted (the scheduler picks
 * among waiters); an unlock or flush until the operations it completes are applied.
 */
import { kw, kwList, show } from "../args.ts";
import { TouchMode, type PendingCall } from "../world.ts";
import { LOCK_EXCLUSIVE, LOCK_SHARED } from "./constants.ts";
import type { LockType } from "./locks.ts";
import type { Win } from "./win.ts";
import { fenceNesting, lockedAndExposed } from "./epoch-rules.ts";
import { aimsAt, allApplied, assertion, completeMine, fail, mine, park, pokeLockWaiters, record, targetRank, worldRanks, type EpochKind } from "./sync-base.ts";

/**
 * The footprint of taking or releasing a passive-target lock: the window's lock table at targets
 * [lo, hi) (Lock_all: every target). Shared grants and releases commute with each other (adds);
 * exclusive ones conflict with every lock change at the target. `acquire` also marks a grant, which
 * DPOR races with the previous conflicting grant to another rank (scheduler/dpor.ts).
 */
function touchLock(win: Win, type: LockType, lo: number, hi: number, acquire: boolean): void {
  const w = win.world;
  if (w.footprint === null) return;
  const mode = type === "shared" ? TouchMode.Add : TouchMode.Write;
  w.touch(`lock:${win.shared.id}`, mode, lo, hi);
  if (acquire) w.touch(`acquire:${win.shared.id}`, mode, lo, hi);
}


function lockType(win: Win, v: unknown, call: string): LockType {
  if (v === LOCK_EXCLUSIVE) return "exclusive";
  if (v === LOCK_SHARED) return "shared";
  fail(win, "ERR_LOCKTYPE", `invalid lock type ${show(v)} (MPI.LOCK_SHARED or MPI.LOCK_EXCLUSIVE)`, call);
}

const LOCK_ARGS = ["rank", "lock_type", "assertion"];
const LOCK_DFLT = [undefined, LOCK_EXCLUSIVE, 0];
const RANK_ARGS = ["rank"];
const RANK_DFLT = [undefined];
/** kwList's scratch, read into locals at once */
const ARGS: unknown[] = [];

/** MPI 4.1 §12.5.3: blocks until the lock can be granted; the scheduler picks among waiters. */
export function lock(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Lock";
  const st = win.enter(call);
  const v = kwList(args, LOCK_ARGS, LOCK_DFLT, ARGS);
  const rank = v[0], lockTypeArg = v[1], assertionArg = v[2];
  const t = targetRank(win, rank, call);
  const type = lockType(win, lockTypeArg, call);
  const mode = assertion(win, assertionArg, call);
  if (win.locks.has(t) || win.lockAll) fail(win, "ERR_RMA_SYNC", `Lock on rank ${t} while already holding a lock on it (nested Lock; MPI 4.1 §12.5.3)`, call);
  if (win.startGroup) fail(win, "ERR_RMA_SYNC", "Lock inside a Start…Complete access epoch", call);
  fenceNesting(win, "a Lock", false, call);
  lockedAndExposed(win, t, call);
  const locks = win.shared.locks;
  return park<void>(win, call, win.world.describing ? `rank=${t} ${type}` : undefined, new LockWait(win, t, type, mode), () => locks.wait(st.rank));
}

export function unlock(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Unlock";
  win.enter(call);
  const t = targetRank(win, kwList(args, RANK_ARGS, RANK_DFLT, ARGS)[0], call);
  if (!win.locks.has(t)) {
    fail(win, "ERR_RMA_SYNC", `Unlock of rank ${t} without a matching Lock${win.lockAll ? " (the rank holds Lock_all: use Unlock_all)" : ""}`, call);
  }
  return park<void>(win, call, win.world.describing ? `rank=${t}` : undefined, new UnlockWait(win, t));
}

export function lockAll(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Lock_all";
  const st = win.enter(call);
  const a = kw(args, ["assertion"], { assertion: 0 as unknown });
  const mode = assertion(win, a.assertion, call);
  if (win.lockAll || win.locks.size) fail(win, "ERR_RMA_SYNC", "Lock_all while already holding a lock on this window", call);
  if (win.startGroup) fail(win, "ERR_RMA_SYNC", "Lock_all inside a Start…Complete access epoch", call);
  fenceNesting(win, "a Lock_all", false, call);
  for (let t = 0; t < win.shared.size; t++) lockedAndExposed(win, t, call);
  const locks = win.shared.locks;
  return park<void>(
    win, call, "",
    {
      ready() {
        return locks.canLockAll();
      },
      complete() {
        locks.stopWaiting(st.rank);
        locks.grantAll(win.me);
        touchLock(win, "shared", 0, Infinity, true);
        win.lockAll = true;
        record(win, "lock_all", { lockType: "shared", assert: mode });
        pokeLockWaiters(win);
      },
      waitsFor() {
        return worldRanks(win, locks.exclusiveHolders());
      },
    },
    () => locks.wait(st.rank),
  );
}

export function unlockAll(win: Win): Promise<void> {
  const call = "Win.Unlock_all";
  win.enter(call);
  if (!win.lockAll) fail(win, "ERR_RMA_SYNC", "Unlock_all without Lock_all", call);
  return park<void>(win, call, "", {
    ready() {
      return allApplied(win, undefined);
    },
    complete() {
      completeMine(win, undefined);
      touchLock(win, "shared", 0, Infinity, false);
      win.shared.locks.releaseAll(win.me);
      win.lockAll = false;
      record(win, "unlock_all");
      pokeLockWaiters(win);
    },
  });
}

/**
 * Flush(rank): every op to rank is applied (remote completion). Flush_local(rank): the origin's
 * buffers may be reused — origin data not yet read is taken now, and ops with a result buffer
 * must have been applied (MPI 4.1 §12.5.4).
 */
export function flush(win: Win, call: string, args: unknown[], local: boolean): Promise<void> {
  win.enter(call);
  const t = targetRank(win, kwList(args, RANK_ARGS, RANK_DFLT, ARGS)[0], call);
  if (!win.locks.has(t) && !win.lockAll) fail(win, "ERR_RMA_SYNC", `${call.slice(4)}(${t}) outside a passive-target epoch on rank ${t} (Lock or Lock_all first)`, call);
  return flushOps(win, call, win.world.describing ? `rank=${t}` : undefined, t, local, local ? "flush_local" : "flush", win.shared.ctx.worldRank(t));
}

export function flushAll(win: Win, call: string, local: boolean): Promise<void> {
  win.enter(call);
  if (!win.locks.size && !win.lockAll) fail(win, "ERR_RMA_SYNC", `${call.slice(4)} outside a passive-target epoch (Lock or Lock_all first)`, call);
  return flushOps(win, call, "", undefined, local, local ? "flush_local_all" : "flush_all", undefined);
}

/** Flush the ops to local rank t (all when undefined). */
function flushOps(win: Win, call: string, args: string | undefined, t: number | undefined, local: boolean, kind: EpochKind, target: number | undefined): Promise<void> {
  return park<void>(win, call, args, new FlushWait(win, t, local, kind, target));
}

/** MPI_Win_sync: public and private copies are one memory here; a point in the trace. */
export function sync(win: Win): Promise<void> {
  const call = "Win.Sync";
  win.enter(call);
  return park<void>(win, call, "", {
    ready() {
      return true;
    },
    complete() {
      record(win, "sync");
    },
  });
}

// The pending calls of the loop a lock-based algorithm spins in (Lock, Get/Put, Flush, Unlock) as
// classes: an object literal with methods made a closure per method per call.

/** Lock(t, type): parked until the lock table can grant it (MPI 4.1 §12.5.3). */
class LockWait implements Omit<PendingCall<void>, "call"> {
  constructor(
    private readonly win: Win,
    private readonly t: number,
    private readonly type: LockType,
    private readonly mode: number,
  ) {}

  ready(): boolean {
    return this.win.shared.locks.canLock(this.t, this.type);
  }

  complete(): void {
    const { win, t, type } = this;
    const locks = win.shared.locks;
    locks.stopWaiting(win.owner);
    locks.grant(t, type, win.me);
    touchLock(win, type, t, t + 1, true);
    win.locks.set(t, type);
    if (win.world.recording) record(win, "lock", { target: win.shared.ctx.worldRank(t), lockType: type, assert: this.mode });
    pokeLockWaiters(win);
  }

  waitsFor(): number[] {
    return worldRanks(this.win, this.win.shared.locks.blockers(this.t, this.type));
  }

  describe(): string {
    return `Lock(${this.t}, ${this.type}) on ${this.win.shared.name}`;
  }
}

/** Unlock(t): parked until every operation to t is applied, then the lock is released. */
class UnlockWait implements Omit<PendingCall<void>, "call"> {
  constructor(
    private readonly win: Win,
    private readonly t: number,
  ) {}

  ready(): boolean {
    return allApplied(this.win, this.t);
  }

  complete(): void {
    const { win, t } = this;
    completeMine(win, t);
    touchLock(win, win.locks.get(t)!, t, t + 1, false);
    win.shared.locks.release(t, win.me);
    win.locks.delete(t);
    if (win.world.recording) record(win, "unlock", { target: win.shared.ctx.worldRank(t) });
    pokeLockWaiters(win);
  }
}

/** Flush / Flush_local (of one target, or all when t is undefined). */
class FlushWait implements Omit<PendingCall<void>, "call"> {
  constructor(
    private readonly win: Win,
    private readonly t: number | undefined,
    private readonly local: boolean,
    private readonly kind: EpochKind,
    private readonly target: number | undefined,
  ) {}

  ready(): boolean {
    return allApplied(this.win, this.t, this.local);
  }

  complete(): void {
    const { win, t } = this;
    if (this.local) {
      for (const o of mine(win)) if (aimsAt(o, t)) win.engine.completeLocal(o);
    } else completeMine(win, t);
    if (win.world.recording) record(win, this.kind, this.target === undefined ? undefined : { target: this.target });
  }
}
