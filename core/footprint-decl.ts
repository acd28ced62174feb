/**
 * What a blocking call is, declared once by the subsystem that owns it (core/request.ts,
 * core/comm-p2p.ts, core/rma/, core/io/), and read by the scheduler (DPOR's footprints, PCT's fairness
 * for polling loops) and the no-progress checker, which otherwise would each guess from call names.
 *
 * - `poll`: the call's answer depends on which completions and messages happened before it (Test*,
 *   Waitany, Waitsome, Probe, Iprobe, Win.Test): its resume reads `done:r` and `match:r`, PCT makes
 *   a rank repeating it yield, and its return is not progress.
 * - `spin`: returning is not progress another rank could observe (polls, and the Lock / Flush /
 *   Unlock steps of a lock–get loop reading a flag): the no-progress checker.
 * - `touches(rank)`: what the call's resume touches that is known before it fires (the scheduler
 *   adds `rank:r`, and the subsystem adds the rest through World.touch while it fires).
 *
 * A call nobody declared is plain: no poll, no spin, nothing beyond what it touches while firing.
 */
import { TouchMode, type Touch } from "./touch.ts";

export interface CallDecl {
  readonly poll: boolean;
  readonly spin: boolean;
  touches(rank: number): readonly Touch[];
}

const NOTHING: readonly Touch[] = [];

/** Touches everything: dependent with every event (always sound, only less reduction). */
export const EVERYTHING: Touch = { obj: "*", mode: TouchMode.Write, lo: 0, hi: Infinity };

export const PLAIN_CALL: CallDecl = { poll: false, spin: false, touches: () => NOTHING };

/** A poll reads what completed for and what arrived at its rank. */
export const POLL_CALL: CallDecl = {
  poll: true,
  spin: true,
  touches: (r) => [
    { obj: `done:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity },
    { obj: `match:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity },
  ],
};

/**
 * RMA synchronisation reads "an operation of or at r was applied" (`rma-done:r`, which every
 * applied operation adds to): whether it can return depends on which applies came first.
 */
export function rmaSync(opts: { poll?: boolean; spin?: boolean } = {}): CallDecl {
  const poll = opts.poll ?? false;
  return {
    poll,
    spin: opts.spin ?? poll,
    touches: (r) => [
      { obj: `rma-done:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity },
      ...(poll ? POLL_CALL.touches(r) : NOTHING),
    ],
  };
}

const byName = new Map<string, CallDecl>();
const byFamily: [string, CallDecl][] = [];

/** Declare calls by their MPI names ("Request.Test"): the owning subsystem does this once, at load. */
export function declareCalls(decls: Record<string, CallDecl>): void {
  for (const name of Object.keys(decls)) byName.set(name, decls[name]);
}

/** Declare every call whose name starts with `prefix` ("Win.") not declared by name. */
export function declareFamily(prefix: string, decl: CallDecl): void {
  byFamily.push([prefix, decl]);
}

/** The declaration of a call (by its MPI name). */
export function callDecl(call: string): CallDecl {
  const d = byName.get(call);
  if (d !== undefined) return d;
  for (let i = 0; i < byFamily.length; i++) if (call.startsWith(byFamily[i][0])) return byFamily[i][1];
  return PLAIN_CALL;
}
