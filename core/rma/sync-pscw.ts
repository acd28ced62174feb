/**
 * Generalised active-target synchronisation (MPI 4.1 §12.5.2): Post / Start / Complete / Wait /
 * Test. Start parks until every target of its group has posted; Complete until its operations
 * are applied; Wait until every origin of the posted group has completed.
 */
import { kw } from "../args.ts";
import type { PendingCall } from "../world.ts";
import type { Win } from "./win.ts";
import { fenceNesting, lockedAndExposed } from "./epoch-rules.ts";
import { allApplied, assertion, completeMine, fail, groupRanks, park, record, worldRanks } from "./sync-base.ts";

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
      completeMine(win, undefined);
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
