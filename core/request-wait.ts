/**
 * "Park until these requests are done", written once. Every blocking call that waits on requests
 * is a RequestWait: Request.Wait / Waitall / Waitany / Waitsome and the Test* polls, the blocking
 * point-to-point calls (a send or receive posted, then waited), and every collective call — the
 * collectives, window creation, Free and Fence, the file calls — whose request comes from a
 * collective slot it joins in World.block's `before` (after its call record).
 *
 * What the call touches and whether it is a poll are declared by name, by the subsystem that owns
 * the call (core/footprint-decl.ts): a wait for all of its requests is a plain call; Waitany,
 * Waitsome and Test* are declared by core/request.ts, the Win.* calls by core/rma/sync.ts. A test
 * that found nothing done sets `poll` (the trace's `poll` on its `complete` record).
 */
import type { MPIException } from "./errors.ts";
import type { Request } from "./request.ts";
import { BLANK_STATUS } from "./request-base.ts";
import { Status } from "./status.ts";
import type { PendingCall } from "./world-types.ts";
import type { World } from "./world.ts";

/**
 * Hands the completions over once the call may return (consumes the requests, fills statuses)
 * and makes the call's value. A test calls it whether or not anything is done (`wait.poll` says).
 */
export type HandOver<T> = (reqs: readonly Request[], wait: RequestWait<T>) => T;

/** Wait for all the requests, or for any one of them (Waitany, Waitsome, Testany, Testsome). */
export type Until = "all" | "any";

// PendingCall members are methods on the prototype, never arrow-function properties: tsx (esbuild
// keepNames) wraps every arrow assigned to an object-literal property in __name(), an
// Object.defineProperty that costs ~400 ns per closure, and blocking Send/Recv make one per call.
export class RequestWait<T = void> implements PendingCall<T> {
  // Declared and set in the constructor, in the order they always had, not class fields or
  // parameter properties (each would be defined as undefined first: see SimEvent).
  declare readonly call: string;
  /** The requests waited on; a collective's own is pushed by World.block's `before`. */
  declare readonly reqs: Request[];
  declare private readonly handOver: HandOver<T>;
  declare private readonly until: Until;
  /** A test (Test*): it returns at once, done or not. */
  declare private readonly test: boolean;
  /** Set on a test that came back with nothing done: no-progress reads it from the trace. */
  declare poll: boolean | undefined;
  /**
   * For "all": the requests before this index are done. They stay done while the rank is parked
   * (only its own calls restart or consume a request), so each completion, which asks again, does
   * not look at them again: a Waitall on k requests asks k times.
   */
  declare private doneBefore: number;

  constructor(call: string, reqs: Request[], handOver: HandOver<T>, until: Until = "all", test = false) {
    this.call = call;
    this.reqs = reqs;
    this.handOver = handOver;
    this.until = until;
    this.test = test;
    this.poll = undefined;
    this.doneBefore = 0;
  }

  /** Are the requests done (all of them, or one, as `until` says)? */
  protected met(): boolean {
    const rs = this.reqs;
    if (this.until === "any") {
      for (let i = 0; i < rs.length; i++) if (rs[i].done) return true;
      return false;
    }
    let i = this.doneBefore;
    while (i < rs.length && rs[i].done) i++;
    this.doneBefore = i;
    return i === rs.length;
  }

  ready(): boolean {
    return this.test || this.met();
  }

  complete(): T {
    if (this.test) this.poll = !this.met();
    return this.handOver(this.reqs, this);
  }

  /** The peers of the requests not done yet (a test waits for nobody). */
  waitsFor(): number[] {
    const out: number[] = [];
    if (this.test) return out;
    for (const r of this.reqs) if (!r.done) for (const p of r.peers()) out.push(p);
    return out;
  }
}

/** Consume the only request (no status): a blocking call whose request's result is its value. */
export function resultOf<T>(reqs: readonly Request[]): T {
  reqs[0].consume();
  return reqs[0].result as T;
}

/** Consume the only request (no status), returning nothing. */
export function consumeOnly(reqs: readonly Request[]): void {
  reqs[0].consume();
}


/**
 * Hand over every request of a list (Waitall, Testall): each completed one is consumed even when
 * an earlier one raised; the first error is raised after. mpi4py fills (and extends) the statuses
 * list: one per request, empty for null ones.
 */
export function consumeAll(requests: readonly (Request | null)[], statuses: Status[] | null | undefined): void {
  let firstError: MPIException | undefined;
  // A loop, not forEach (a closure per Waitall); the holes of a sparse list are skipped, as
  // forEach always skipped them (`in` is asked only where the element reads undefined).
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r === undefined && !(i in requests)) continue;
    const s = statuses ? (statuses[i] ??= new Status()) : undefined;
    if (!r) {
      s?.copyFrom(BLANK_STATUS);
      continue;
    }
    try {
      if (r.state === "complete") r.consume(s);
    } catch (e) {
      firstError ??= e as MPIException;
    }
  }
  if (firstError) throw firstError;
}

/** Waitsome / Testsome: consume the completed requests; their indices (statuses filled in that order). */
export function completedIndices(requests: readonly (Request | null)[], statuses?: Status[] | null): number[] {
  const out: number[] = [];
  let firstError: MPIException | undefined;
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (r && r.state === "complete") {
      out.push(i);
      try {
        r.consume(statuses ? (statuses[out.length - 1] ??= new Status()) : undefined);
      } catch (e) {
        firstError ??= e as MPIException;
      }
    }
  }
  if (firstError) throw firstError;
  return out;
}

/**
 * Park the running rank on the request of a collective slot it joins: `join` runs in World.block's
 * `before`, after the call record (the slot and the join's touches come after it) and before the
 * rank parks.
 */
export function waitJoined<T>(world: World, wait: RequestWait<T>, args: string | undefined, extra: { comm?: string } | undefined, join: () => Request): Promise<T> {
  return world.block<T>(wait, args, extra, () => {
    wait.reqs.push(join());
  });
}
