/**
 * What the synchronisation calls of core/rma/sync.ts, sync-passive.ts and sync-pscw.ts share:
 * the `epoch` trace record, argument checks (assertions, target ranks, groups), parking the rank
 * on a window call, and which of a member's operations are applied and completed.
 */
import { show } from "../args.ts";
import { Group } from "../group.ts";
import type { PendingCall } from "../world.ts";
import { ALL_MODES } from "./constants.ts";
import type { LockType } from "./locks.ts";
import type { RmaOp } from "./op.ts";
import type { Win } from "./win.ts";
import type { EpochKind, EpochRecord } from "./records.ts";

export type { EpochKind } from "./records.ts";

export function record(win: Win, kind: EpochKind, extra?: { target?: number; lockType?: LockType; group?: number[]; assert?: number }): void {
  const w = win.world;
  if (!w.recording) return;
  const rec: EpochRecord = { t: "epoch", step: w.step, rank: win.owner, time: w.now(win.owner), win: win.shared.id, kind };
  if (extra !== undefined) {
    // In one order — target, lockType, group, assert — the order every caller's literal has (the
    // trace hash depends on key order). Not a spread: callers pass four shapes, and a spread of
    // mixed shapes was the slowest line of a lock-based loop with checkers on.
    if (extra.target !== undefined) rec.target = extra.target;
    if (extra.lockType !== undefined) rec.lockType = extra.lockType;
    if (extra.group !== undefined) rec.group = extra.group;
    if (extra.assert !== undefined) rec.assert = extra.assert;
  }
  w.emit(rec);
}

export function fail(win: Win, errorClass: Parameters<Win["world"]["error"]>[0], message: string, call: string): never {
  throw win.world.error(errorClass, message, call);
}

export function park<T>(win: Win, call: string, args: string | undefined, p: Omit<PendingCall<T>, "call">, before?: () => void): Promise<T> {
  // Each caller passes a fresh object literal: complete it in place rather than copying it.
  (p as { call?: string }).call = call;
  const w = win.world;
  return w.block<T>(p as PendingCall<T>, args, w.recording ? win.shared.callExtra : undefined, before);
}

export function assertion(win: Win, v: unknown, call: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || (v & ~ALL_MODES) !== 0 || v < 0) {
    fail(win, "ERR_ASSERT", `invalid assertion ${show(v)} (an OR of MPI.MODE_NOCHECK, MODE_NOSTORE, MODE_NOPUT, MODE_NOPRECEDE, MODE_NOSUCCEED)`, call);
  }
  return v;
}

/** A target rank of the window's group (local rank). */
export function targetRank(win: Win, r: unknown, call: string): number {
  if (typeof r === "number" && Number.isInteger(r) && r >= 0 && r < win.shared.size) return r;
  fail(win, "ERR_RANK", `invalid target rank ${show(r)} for ${win.shared.name} of ${win.shared.size} ranks`, call);
}

/** The group's members as local ranks of the window's group. */
export function groupRanks(win: Win, g: unknown, call: string): number[] {
  if (!(g instanceof Group)) fail(win, "ERR_GROUP", `expected an MPI.Group, got ${show(g)}`, call);
  if (g.freed) fail(win, "ERR_GROUP", "the group was freed (Group.Free sets it to MPI_GROUP_NULL)", call);
  return g.members.map((wr) => {
    const l = win.shared.ctx.localRank(wr);
    if (l < 0) fail(win, "ERR_GROUP", `rank ${wr} of the group is not a member of ${win.shared.name}`, call);
    return l;
  });
}

export const worldRanks = (win: Win, ls: readonly number[]): number[] => ls.map((l) => win.shared.ctx.worldRank(l));

/** This member's ops not yet remotely completed (its pending list itself: do not keep it). */
export function mine(win: Win): RmaOp[] {
  return win.shared.pending[win.me];
}

/** Is `o` an op to local target t (every op when t is undefined)? */
export function aimsAt(o: RmaOp, t: number | undefined): boolean {
  return t === undefined || o.targetLocal === t;
}

/** Whether every op of this member (to target t, if given) is applied — or, for a local flush, has no result buffer. Polled by ready(): no array built. */
export function allApplied(win: Win, t: number | undefined, local = false): boolean {
  for (const o of mine(win)) {
    if (aimsAt(o, t) && !o.applied && !(local && o.rbuf === null)) return false;
  }
  return true;
}

/** Remotely complete `ops` (this member's), then drop the completed from its pending list. */
export function completeRemote(win: Win, ops: readonly RmaOp[]): void {
  for (const o of ops) win.engine.completeRemote(o);
  win.engine.prune(win.shared, win.me);
}

/** completeRemote of this member's ops to local target t (all of them when t is undefined), without a filtered copy. */
export function completeMine(win: Win, t: number | undefined): void {
  for (const o of mine(win)) if (aimsAt(o, t)) win.engine.completeRemote(o);
  win.engine.prune(win.shared, win.me);
}

export function pokeLockWaiters(win: Win): void {
  const waiters = win.shared.locks.waiters;
  for (let i = 0; i < waiters.length; i++) win.world.poke(waiters.at(i));
}
