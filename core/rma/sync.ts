/**
 * Synchronisation calls (MPI 4.1 §12.5): fence, passive-target locks and flushes, PSCW. Each is
 * an awaited call that parks the rank until what it waits for has happened — a lock becoming
 * grantable, a matching Post, the apply events of the operations it completes — and records an
 * `epoch` record when it returns.
 */
import { kw, show } from "../args.ts";
import { joinCollective } from "../collective.ts";
import { Group } from "../group.ts";
import type { Request } from "../request.ts";
import { TouchMode, type PendingCall } from "../world.ts";
import { PLAIN_CALL, declareCalls, declareFamily, rmaSync } from "../footprint-decl.ts";

const SPIN_STEP = { ...PLAIN_CALL, spin: true };
import { ALL_MODES, LOCK_EXCLUSIVE, LOCK_SHARED, MODE_NOPRECEDE, MODE_NOSUCCEED } from "./constants.ts";
import type { LockType } from "./locks.ts";
import type { RmaOp } from "./op.ts";
import type { Win } from "./win.ts";
import { fenceNesting, lockedAndExposed } from "./epoch-rules.ts";
import type { EpochKind } from "./records.ts";

function record(win: Win, kind: EpochKind, extra: { target?: number; lockType?: LockType; assert?: number; group?: number[] } = {}): void {
  const w = win.world;
  if (w.recording) w.emit({ t: "epoch", step: w.step, rank: win.owner, time: w.now(win.owner), win: win.shared.id, kind, ...extra });
}

// Every window call that waits reads which RMA operations of its rank were applied; Win.Test is a
// poll; lock and flush calls are the steps of a lock–get loop spinning on a flag (no progress).
// A lock grant depends on the lock table only (touchLock), not on which operations were applied.
declareFamily("Win.", rmaSync());
declareCalls({
  "Win.Test": rmaSync({ poll: true }),
  "Win.Lock": SPIN_STEP,
  "Win.Lock_all": SPIN_STEP,
  ...Object.fromEntries(["Unlock", "Unlock_all", "Flush", "Flush_all", "Flush_local", "Flush_local_all", "Sync"].map((c) => [`Win.${c}`, rmaSync({ spin: true })])),
});

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

function fail(win: Win, errorClass: Parameters<Win["world"]["error"]>[0], message: string, call: string): never {
  throw win.world.error(errorClass, message, call);
}

function park<T>(win: Win, call: string, args: string, p: Omit<PendingCall<T>, "call">, before?: () => void): Promise<T> {
  // Each caller passes a fresh object literal: complete it in place rather than copying it.
  (p as { call?: string }).call = call;
  return win.world.block<T>(p as PendingCall<T>, args, { comm: win.shared.id }, before);
}

function assertion(win: Win, v: unknown, call: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || (v & ~ALL_MODES) !== 0 || v < 0) {
    fail(win, "ERR_ASSERT", `invalid assertion ${show(v)} (an OR of MPI.MODE_NOCHECK, MODE_NOSTORE, MODE_NOPUT, MODE_NOPRECEDE, MODE_NOSUCCEED)`, call);
  }
  return v;
}

/** A target rank of the window's group (local rank). */
function targetRank(win: Win, r: unknown, call: string): number {
  if (typeof r === "number" && Number.isInteger(r) && r >= 0 && r < win.shared.size) return r;
  fail(win, "ERR_RANK", `invalid target rank ${show(r)} for ${win.shared.name} of ${win.shared.size} ranks`, call);
}

/** The group's members as local ranks of the window's group. */
function groupRanks(win: Win, g: unknown, call: string): number[] {
  if (!(g instanceof Group)) fail(win, "ERR_GROUP", `expected an MPI.Group, got ${show(g)}`, call);
  if (g.freed) fail(win, "ERR_GROUP", "the group was freed (Group.Free sets it to MPI_GROUP_NULL)", call);
  return g.members.map((wr) => {
    const l = win.shared.ctx.localRank(wr);
    if (l < 0) fail(win, "ERR_GROUP", `rank ${wr} of the group is not a member of ${win.shared.name}`, call);
    return l;
  });
}

const worldRanks = (win: Win, ls: readonly number[]): number[] => ls.map((l) => win.shared.ctx.worldRank(l));

/** This member's ops not yet remotely completed, optionally only those to target t. */
function mine(win: Win, t?: number): RmaOp[] {
  const ops = win.shared.pending[win.me];
  return t === undefined ? ops : ops.filter((o) => o.targetLocal === t);
}

/** Whether every op of this member (to target t, if given) is applied — or, for a local flush, has no result buffer. Polled by ready(): no array built. */
function allApplied(win: Win, t: number | undefined, local = false): boolean {
  for (const o of win.shared.pending[win.me]) {
    if ((t === undefined || o.targetLocal === t) && !o.applied && !(local && o.rbuf === null)) return false;
  }
  return true;
}

function completeRemote(win: Win, ops: readonly RmaOp[]): void {
  for (const o of ops) win.engine.completeRemote(o);
  win.engine.prune(win.shared, win.me);
}

function pokeLockWaiters(win: Win): void {
  for (const r of win.shared.locks.waiters) win.world.poke(r);
}

// ---------------------------------------------------------------- active target: fence

/**
 * MPI 4.1 §12.5.1. A collective over the window's group (its own slot sequence, so it never
 * mixes with the communicator's collectives). When the last member arrives, the operations
 * issued so far are the ones this fence completes; each member returns once those it issued or
 * is the target of have been applied.
 */
export function fence(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Fence";
  win.enter(call);
  const a = kw(args, ["assertion"], { assertion: 0 as unknown });
  const mode = assertion(win, a.assertion, call);
  if (win.lockAll || win.locks.size || win.startGroup || win.postGroup) {
    fail(win, "ERR_RMA_SYNC", `Fence while ${win.epochOpen()} is open (MPI 4.1 §12.5)`, call);
  }
  const nest = win.nestedSinceFence;
  if (win.fenceOpen && nest !== null && win.shared.fenceTouched[win.me] & nest.bit) {
    fail(win, "ERR_RMA_SYNC", `Fence ends a fence epoch inside which ${nest.what} epoch was opened (epochs of one window at one process must be disjoint: close the fence epoch with Fence(MODE_NOSUCCEED) before it; MPI 4.1 §12.5)`, call);
  }
  if (mode & MODE_NOPRECEDE && mine(win).length) {
    fail(win, "ERR_RMA_SYNC", "Fence(MODE_NOPRECEDE) but RMA operations were issued since the previous fence (MPI 4.1 §12.5.5)", call);
  }
  const sh = win.shared;
  let req!: Request;
  const ops = (): RmaOp[] => req.result as RmaOp[];
  return park<void>(
    win, call, `assert=${mode}`,
    {
      ready() {
        return req.done && (req.error !== undefined || ops().every((o) => o.applied));
      },
      complete() {
        req.consume();
        completeRemote(win, ops().filter((o) => o.origin === win.owner));
        win.fenceOpen = (mode & MODE_NOSUCCEED) === 0;
        win.nestedSinceFence = null;
        record(win, "fence", { assert: mode });
      },
      waitsFor() {
        return (req as Request & { peers?: () => number[] }).peers?.() ?? [];
      },
    },
    () => {
      req = joinCollective(win.world, sh.ctx, {
        kind: "Win.Fence",
        contrib: null,
        compute() {
          sh.fenceTouched.fill(0);
          // Each member waits for the ops it issued or is the target of (by world rank).
          const byRank = new Map<number, RmaOp[]>();
          const add = (rank: number, o: RmaOp) => {
            const l = byRank.get(rank);
            if (l) l.push(o);
            else byRank.set(rank, [o]);
          };
          for (const list of sh.pending) {
            for (const o of list) {
              if (o.remoteDone) continue;
              add(o.origin, o);
              if (o.target !== o.origin) add(o.target, o);
            }
          }
          return byRank;
        },
        deliver(byRank, r) {
          r.result = byRank.get(r.rank) ?? [];
        },
      }, call);
    },
  );
}

// ---------------------------------------------------------------- passive target

function lockType(win: Win, v: unknown, call: string): LockType {
  if (v === LOCK_EXCLUSIVE) return "exclusive";
  if (v === LOCK_SHARED) return "shared";
  fail(win, "ERR_LOCKTYPE", `invalid lock type ${show(v)} (MPI.LOCK_SHARED or MPI.LOCK_EXCLUSIVE)`, call);
}

/** MPI 4.1 §12.5.3: blocks until the lock can be granted; the scheduler picks among waiters. */
export function lock(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Lock";
  const st = win.enter(call);
  const a = kw(args, ["rank", "lock_type", "assertion"], { rank: undefined as unknown, lock_type: LOCK_EXCLUSIVE as unknown, assertion: 0 as unknown });
  const t = targetRank(win, a.rank, call);
  const type = lockType(win, a.lock_type, call);
  const mode = assertion(win, a.assertion, call);
  if (win.locks.has(t) || win.lockAll) fail(win, "ERR_RMA_SYNC", `Lock on rank ${t} while already holding a lock on it (nested Lock; MPI 4.1 §12.5.3)`, call);
  if (win.startGroup) fail(win, "ERR_RMA_SYNC", "Lock inside a Start…Complete access epoch", call);
  fenceNesting(win, "a Lock", false, call);
  lockedAndExposed(win, t, call);
  const locks = win.shared.locks;
  return park<void>(
    win, call, `rank=${t} ${type}`,
    {
      ready() {
        return locks.canLock(t, type);
      },
      complete() {
        locks.waiters.delete(st.rank);
        locks.grant(t, type, win.me);
        touchLock(win, type, t, t + 1, true);
        win.locks.set(t, type);
        record(win, "lock", { target: win.shared.ctx.worldRank(t), lockType: type, assert: mode });
        pokeLockWaiters(win);
      },
      waitsFor() {
        return worldRanks(win, locks.blockers(t, type));
      },
      describe() {
        return `Lock(${t}, ${type}) on ${win.shared.name}`;
      },
    },
    () => locks.waiters.add(st.rank),
  );
}

export function unlock(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Unlock";
  win.enter(call);
  const a = kw(args, ["rank"], { rank: undefined as unknown });
  const t = targetRank(win, a.rank, call);
  if (!win.locks.has(t)) {
    fail(win, "ERR_RMA_SYNC", `Unlock of rank ${t} without a matching Lock${win.lockAll ? " (the rank holds Lock_all: use Unlock_all)" : ""}`, call);
  }
  return park<void>(win, call, `rank=${t}`, {
    ready() {
      return allApplied(win, t);
    },
    complete() {
      completeRemote(win, mine(win, t));
      touchLock(win, win.locks.get(t)!, t, t + 1, false);
      win.shared.locks.release(t, win.me);
      win.locks.delete(t);
      record(win, "unlock", { target: win.shared.ctx.worldRank(t) });
      pokeLockWaiters(win);
    },
  });
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
        locks.waiters.delete(st.rank);
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
    () => locks.waiters.add(st.rank),
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
      completeRemote(win, mine(win));
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
  const a = kw(args, ["rank"], { rank: undefined as unknown });
  const t = targetRank(win, a.rank, call);
  if (!win.locks.has(t) && !win.lockAll) fail(win, "ERR_RMA_SYNC", `${call.slice(4)}(${t}) outside a passive-target epoch on rank ${t} (Lock or Lock_all first)`, call);
  return flushOps(win, call, `rank=${t}`, t, local, local ? "flush_local" : "flush", win.shared.ctx.worldRank(t));
}

export function flushAll(win: Win, call: string, local: boolean): Promise<void> {
  win.enter(call);
  if (!win.locks.size && !win.lockAll) fail(win, "ERR_RMA_SYNC", `${call.slice(4)} outside a passive-target epoch (Lock or Lock_all first)`, call);
  return flushOps(win, call, "", undefined, local, local ? "flush_local_all" : "flush_all", undefined);
}

/** Flush the ops to local rank t (all when undefined). */
function flushOps(win: Win, call: string, args: string, t: number | undefined, local: boolean, kind: EpochKind, target: number | undefined): Promise<void> {
  return park<void>(win, call, args, {
    ready() {
      return allApplied(win, t, local);
    },
    complete() {
      if (local) for (const o of mine(win, t)) win.engine.completeLocal(o);
      else completeRemote(win, mine(win, t));
      record(win, kind, target === undefined ? {} : { target });
    },
  });
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

// ---------------------------------------------------------------- PSCW

export function post(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Post";
  win.enter(call);
  const a = kw(args, ["group", "assertion"], { group: undefined as unknown, assertion: 0 as unknown });
  const g = groupRanks(win, a.group, call);
  const mode = assertion(win, a.assertion, call);
  if (win.postGroup) fail(win, "ERR_RMA_SYNC", "Post while an exposure epoch is already open (Wait for it first)", call);
  fenceNesting(win, "a Post", true, call);
  lockedAndExposed(win, null, call);
  return park<void>(win, call, `group=[${worldRanks(win, g).join(",")}]`, {
    ready() {
      return true;
    },
    complete() {
      for (const o of g) win.shared.pscw.post(win.me, o);
      win.postGroup = g;
      win.shared.exposing[win.me] = 1;
      record(win, "post", { group: worldRanks(win, g), assert: mode });
      for (const wr of worldRanks(win, g)) win.world.poke(wr);
    },
  });
}

/** MPI 4.1 §12.5.2: blocks until every target of the group has posted a matching exposure epoch. */
export function start(win: Win, args: unknown[]): Promise<void> {
  const call = "Win.Start";
  win.enter(call);
  const a = kw(args, ["group", "assertion"], { group: undefined as unknown, assertion: 0 as unknown });
  const g = groupRanks(win, a.group, call);
  const mode = assertion(win, a.assertion, call);
  if (win.startGroup) fail(win, "ERR_RMA_SYNC", "Start while an access epoch is already open (Complete it first)", call);
  if (win.locks.size || win.lockAll) fail(win, "ERR_RMA_SYNC", "Start inside a passive-target (Lock) epoch", call);
  fenceNesting(win, "a Start", false, call);
  const pscw = win.shared.pscw;
  return park<void>(win, call, `group=[${worldRanks(win, g).join(",")}]`, {
    ready() {
      return g.every((t) => pscw.posted(win.me, t));
    },
    complete() {
      for (const t of g) pscw.start(win.me, t);
      win.startGroup = g;
      record(win, "start", { group: worldRanks(win, g), assert: mode });
    },
    waitsFor() {
      return worldRanks(win, g.filter((t) => !pscw.posted(win.me, t)));
    },
  });
}

export function complete(win: Win): Promise<void> {
  const call = "Win.Complete";
  win.enter(call);
  const g = win.startGroup;
  if (!g) fail(win, "ERR_RMA_SYNC", "Complete without a matching Start", call);
  return park<void>(win, call, "", {
    ready() {
      return allApplied(win, undefined);
    },
    complete() {
      completeRemote(win, mine(win));
      for (const t of g) win.shared.pscw.complete(win.me, t);
      win.startGroup = null;
      record(win, "complete", { group: worldRanks(win, g) });
      for (const wr of worldRanks(win, g)) win.world.poke(wr);
    },
  });
}

function exposureDone(win: Win, g: readonly number[]): boolean {
  return g.every((o) => win.shared.pscw.completed(win.me, o));
}

function endExposure(win: Win, g: readonly number[]): void {
  for (const o of g) win.shared.pscw.wait(win.me, o);
  win.postGroup = null;
  win.shared.exposing[win.me] = 0;
  record(win, "wait", { group: worldRanks(win, g) });
}

/** Win.Wait: blocks until every origin of the posted group has called Complete. */
export function waitExposure(win: Win): Promise<void> {
  const call = "Win.Wait";
  win.enter(call);
  const g = win.postGroup;
  if (!g) fail(win, "ERR_RMA_SYNC", "Wait without a matching Post", call);
  return park<void>(win, call, "", {
    ready() {
      return exposureDone(win, g);
    },
    complete() {
      return endExposure(win, g);
    },
    waitsFor() {
      return worldRanks(win, g.filter((o) => !win.shared.pscw.completed(win.me, o)));
    },
  });
}

/** Win.Test: Wait's non-blocking form; true (and the exposure epoch ends) when it would return. */
export function testExposure(win: Win): Promise<boolean> {
  const call = "Win.Test";
  win.enter(call);
  const g = win.postGroup;
  if (!g) fail(win, "ERR_RMA_SYNC", "Test without a matching Post", call);
  const p: PendingCall<boolean> = {
    call,
    ready() {
      return true;
    },
    complete() {
      const done = exposureDone(win, g);
      p.poll = !done;
      if (done) endExposure(win, g);
      return done;
    },
  };
  return win.world.block(p, "", { comm: win.shared.id });
}

