/**
 * Synchronisation calls (MPI 4.1 §12.5): fence, passive-target locks and flushes, PSCW. Each is
 * an awaited call that parks the rank until what it waits for has happened — a lock becoming
 * grantable, a matching Post, the apply events of the operations it completes — and records an
 * `epoch` record when it returns.
 *
 * This file is their door (core/rma/win.ts calls them through it), declares what each Win.* call
 * is for DPOR, PCT and no-progress (core/footprint-decl.ts), and holds the fence; the passive
 * target is core/rma/sync-passive.ts, PSCW core/rma/sync-pscw.ts, what they share sync-base.ts.
 */
import { kw } from "../args.ts";
import { joinCollective } from "../collective.ts";
import type { Request } from "../request.ts";
import { RequestWait, waitJoined } from "../request-wait.ts";
import { PLAIN_CALL, declareCalls, declareFamily, rmaSync } from "../footprint-decl.ts";
import { MODE_NOPRECEDE, MODE_NOSUCCEED } from "./constants.ts";
import type { RmaOp } from "./op.ts";
import type { Win } from "./win.ts";
import { assertion, completeRemote, fail, mine, record } from "./sync-base.ts";

export { flush, flushAll, lock, lockAll, sync, unlock, unlockAll } from "./sync-passive.ts";
export { complete, post, start, testExposure, waitExposure } from "./sync-pscw.ts";

const SPIN_STEP = { ...PLAIN_CALL, spin: true };

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

/** Fence returns once its slot is complete and the operations it completes are applied. */
class FenceWait extends RequestWait<void> {
  override ready(): boolean {
    if (!super.ready()) return false;
    const req = this.reqs[0];
    return req.error !== undefined || (req.result as RmaOp[]).every(isApplied);
  }
}

function isApplied(o: RmaOp): boolean {
  return o.applied;
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
  const handOver = (rs: readonly Request[]): void => {
    rs[0].consume();
    completeRemote(win, (rs[0].result as RmaOp[]).filter((o) => o.origin === win.owner));
    win.fenceOpen = (mode & MODE_NOSUCCEED) === 0;
    win.nestedSinceFence = null;
    record(win, "fence", { assert: mode });
  };
  return waitJoined(win.world, new FenceWait(call, [], handOver), `assert=${mode}`, { comm: sh.id }, () =>
    joinCollective(win.world, sh.ctx, {
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
    }, call),
  );
}
