/**
 * mpi4py's MPI.Request: Wait / Test / Get_status / Free / Cancel on one request, and the calls on
 * lists of requests (Waitall, Testany, Waitsome…) with their argument checks. What a request is
 * to the subsystems is core/request-base.ts; every wait and test parks on a RequestWait
 * (core/request-wait.ts); persistent requests are core/prequest.ts.
 */
import { UNDEFINED } from "./constants.ts";
import { MPIException, type ErrorClass } from "./errors.ts";
import { enterOwned, show } from "./args.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { Status } from "./status.ts";
import type { World } from "./world.ts";
import { RequestBase } from "./request-base.ts";
import { POLL_CALL, declareCalls } from "./footprint-decl.ts";
import { listArgs, listExtra, oneArgs, oneExtra } from "./request-args.ts";
import { BLANK_STATUS } from "./request-base.ts";
import { RequestWait, completedIndices, consumeAll } from "./request-wait.ts";

export type { RequestState, SpanBuffer } from "./request-base.ts";

// Test* answer with what completed so far: polls, and a waiting loop's repetitions are no progress.
// Waitany and Waitsome block until something completes, but which one is their answer.
declareCalls({
  "Request.Test": POLL_CALL,
  "Request.Testall": POLL_CALL,
  "Request.Testany": POLL_CALL,
  "Request.Testsome": POLL_CALL,
  "Request.Waitany": { ...POLL_CALL, spin: false },
  "Request.Waitsome": { ...POLL_CALL, spin: false },
});

/** mpi4py's MPI.Request: what the user calls on a request (core/request-base.ts is what it is). */
export class Request extends RequestBase {
  /** The owner must be the running rank (see enterOwned); a status argument must be a Status. */
  protected check(call: string, status?: unknown): void {
    if (this.world.current !== this.rank) enterOwned(this.world, this.rank, call, "request", "ERR_REQUEST");
    if (status != null && !(status instanceof Status)) throw this.world.error("ERR_ARG", `status must be an MPI.Status or null, got ${describe(status)}`, call);
  }

  // ------------------------------------------------------------ mpi4py API

  Wait(status?: Status | null): Promise<true> {
    this.check("Request.Wait", status);
    const wait = new RequestWait<true>("Request.Wait", [this], (rs) => handOverOne(rs[0], status, true));
    return this.world.block(wait, oneArgs(this), oneExtra(this));
  }

  Test(status?: Status | null): Promise<boolean> {
    this.check("Request.Test", status);
    const wait = new RequestWait<boolean>("Request.Test", [this], (rs, w) => !w.poll && handOverOne(rs[0], status, false), "all", true);
    return this.world.block(wait, oneArgs(this), oneExtra(this));
  }

  /** Non-destructive test (local). */
  Get_status(status?: Status | null): boolean {
    this.check("Request.Get_status", status);
    if (this.state === "active") return false;
    if (status) status.copyFrom(this.status);
    return true;
  }

  /** mpi4py lower-case: wait and return the received object. */
  async wait(status?: Status | null): Promise<unknown> {
    await this.Wait(status);
    return this.result;
  }

  async test(status?: Status | null): Promise<[boolean, unknown]> {
    const flag = await this.Test(status);
    return [flag, flag ? this.result : undefined];
  }

  Free(): void {
    this.check("Request.Free");
    this.world.localCall("Request.Free", oneArgs(this), oneExtra(this));
    // SPEC §2 makes freeing an active request an error (MPI allows it but cannot tell the user
    // when the operation finished; MPI 4.1 §3.7.3 advises against it).
    if (this.state === "active") throw this.world.error("ERR_REQUEST", `Free of active request ${this.id} (${this.kind}); Wait for it first`, "Request.Free");
    this.state = "null";
    this.release();
    if (this.world.recording) {
      this.world.emit({ t: "request", step: this.world.step, rank: this.rank, time: this.world.now(this.rank), req: this.id, what: "free", kind: this.kind });
    }
  }

  Cancel(): void {
    this.check("Request.Cancel");
    this.world.localCall("Request.Cancel", oneArgs(this), oneExtra(this));
    if (this.state !== "active") return;
    if (this.onCancel?.()) {
      this.status.cancelled = true;
      this.finish(this.world.now(this.rank));
    }
  }

  // ------------------------------------------------------------ statics (MPI.Request.X)

  static Waitall(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<true> {
    checkList(this, requests, "Request.Waitall", statuses);
    const live = nonNull(requests);
    if (live.length === 0) return Promise.resolve(true);
    return parkOnList(new WaitAll(live, requests, statuses));
  }

  static Testall(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<boolean> {
    checkList(this, requests, "Request.Testall", statuses);
    const live = requests.filter((r): r is Request => r != null);
    if (live.length === 0) return Promise.resolve(true);
    return parkOnList(new RequestWait<boolean>("Request.Testall", live, (_, w) => !w.poll && (consumeAll(requests, statuses), true), "all", true));
  }

  static Waitany(this: unknown, requests: (Request | null)[], status?: Status | null): Promise<number> {
    checkList(this, requests, "Request.Waitany", undefined, status);
    const live = active(requests);
    if (live.length === 0) return Promise.resolve(UNDEFINED);
    return parkOnList(new RequestWait<number>("Request.Waitany", live, () => handOverFirst(requests, status), "any"));
  }

  static Testany(this: unknown, requests: (Request | null)[], status?: Status | null): Promise<[number, boolean]> {
    checkList(this, requests, "Request.Testany", undefined, status);
    const live = active(requests);
    if (live.length === 0) return Promise.resolve([UNDEFINED, true]);
    return parkOnList(new RequestWait<[number, boolean]>("Request.Testany", live, (_, w) => (w.poll ? [UNDEFINED, false] : [handOverFirst(requests, status), true]), "any", true));
  }

  static Waitsome(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<number[] | null> {
    checkList(this, requests, "Request.Waitsome", statuses);
    const live = active(requests);
    if (live.length === 0) return Promise.resolve(null);
    return parkOnList(new RequestWait<number[]>("Request.Waitsome", live, () => completedIndices(requests, statuses), "any"));
  }

  static Testsome(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<number[] | null> {
    checkList(this, requests, "Request.Testsome", statuses);
    const live = active(requests);
    if (live.length === 0) return Promise.resolve(null);
    return parkOnList(new RequestWait<number[]>("Request.Testsome", live, () => completedIndices(requests, statuses), "any", true));
  }

  /** mpi4py lower-case: wait for all and return their objects. */
  static async waitall(this: unknown, requests: Request[], statuses?: Status[] | null): Promise<unknown[]> {
    await Request.Waitall.call(this, requests, statuses);
    return requests.map((r) => r.result);
  }

  static async testall(this: unknown, requests: Request[], statuses?: Status[] | null): Promise<[boolean, unknown[] | null]> {
    const flag = await Request.Testall.call(this, requests, statuses);
    return [flag, flag ? requests.map((r) => r.result) : null];
  }

  /** mpi4py lower-case: [index, object] of the request that completed ([UNDEFINED, null] when none is active). */
  static async waitany(this: unknown, requests: (Request | null)[], status?: Status | null): Promise<[number, unknown]> {
    const i = await Request.Waitany.call(this, requests, status);
    return [i, i === UNDEFINED ? null : requests[i]!.result];
  }

  /** mpi4py lower-case: [index, flag, object]. */
  static async testany(this: unknown, requests: (Request | null)[], status?: Status | null): Promise<[number, boolean, unknown]> {
    const [i, flag] = await Request.Testany.call(this, requests, status);
    return [i, flag, i === UNDEFINED ? null : requests[i]!.result];
  }

  /** mpi4py lower-case: [indices, objects] of the requests that completed ([null, null] when none is active). */
  static async waitsome(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<[number[] | null, unknown[] | null]> {
    const idx = await Request.Waitsome.call(this, requests, statuses);
    return [idx, idx === null ? null : idx.map((i) => requests[i]!.result)];
  }

  static async testsome(this: unknown, requests: (Request | null)[], statuses?: Status[] | null): Promise<[number[] | null, unknown[] | null]> {
    const idx = await Request.Testsome.call(this, requests, statuses);
    return [idx, idx === null ? null : idx.map((i) => requests[i]!.result)];
  }
}

/**
 * MPI.Request and MPI.Prequest of a rank's namespace carry the rank they belong to under this key
 * (core/api.ts), so that a static call with no request in its list still knows whom to report to.
 */
export const RANK_BINDING: unique symbol = Symbol("mpisim.rankBinding");
interface RankBinding {
  world: World;
  rank: number;
}

const describe = show;

/** Raise a checkList error (a function, not a closure in checkList: see alwaysReady). */
function listError(world: World | undefined, call: string, errorClass: ErrorClass, message: string): never {
  if (world !== undefined) throw world.error(errorClass, message, call);
  throw new MPIException(errorClass, message, call, -1, currentCallLoc());
}

/**
 * Check the arguments of a static call on a list of requests (Waitall, Startall…): an array of
 * Requests (Prequests for Startall) and nulls, all the running rank's, and Status objects where
 * statuses go. Mistakes are mpi-errors of the calling rank (see enterOwned).
 */
export function checkList(self: unknown, requests: unknown, call: string, statuses?: unknown, status?: unknown, persistent = false): void {
  const bound = self != null ? (self as { [RANK_BINDING]?: RankBinding })[RANK_BINDING] : undefined;
  let world = bound?.world;
  let owner = bound ? bound.rank : -1;
  const list = Array.isArray(requests) ? (requests as unknown[]) : null;
  if (world === undefined && list !== null) {
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (r instanceof Request) {
        world = r.world;
        owner = r.rank;
        break;
      }
    }
  }
  if (world !== undefined && world.current !== owner) enterOwned(world, owner, call, bound ? "MPI namespace" : "request", bound ? "ERR_OTHER" : "ERR_REQUEST");
  if (list === null) return listError(world, call, "ERR_ARG", `${call} needs an array of requests, got ${describe(requests)}`);
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (r === null || r === undefined) {
      if (persistent) listError(world, call, "ERR_REQUEST", `requests[${i}] is null; Startall takes persistent requests`);
      continue;
    }
    if (!(r instanceof Request) || (persistent && !r.persistent)) {
      listError(world, call, "ERR_REQUEST", `requests[${i}] is not ${persistent ? "a persistent request (Send_init, Recv_init…)" : "a Request"}: got ${describe(r)}`);
    }
    const q = r as Request;
    if (q.world !== world || q.rank !== owner) listError(world, call, "ERR_REQUEST", `requests[${i}] belongs to rank ${q.rank}${q.world !== world ? " of another run" : ""}, not to rank ${owner} (ranks do not share MPI objects)`);
  }
  if (statuses != null) {
    if (!Array.isArray(statuses)) listError(world, call, "ERR_ARG", `statuses must be an array of MPI.Status (or null), got ${describe(statuses)}`);
    const ss = statuses as unknown[];
    for (let i = 0; i < ss.length; i++) {
      if (ss[i] !== undefined && !(ss[i] instanceof Status)) listError(world, call, "ERR_ARG", `statuses[${i}] is not an MPI.Status: got ${describe(ss[i])}`);
    }
  }
  if (status != null && !(status instanceof Status)) listError(world, call, "ERR_ARG", `status must be an MPI.Status or null, got ${describe(status)}`);
}

/**
 * Waitall's wait: the list and statuses it hands over are fields read by one shared hand-over
 * function, not a closure per call (the wait lives as long as the rank is parked: at thousands of
 * ranks, past a scavenge).
 */
class WaitAll extends RequestWait<true> {
  declare readonly requests: (Request | null)[];
  declare readonly statuses: Status[] | null | undefined;
  constructor(live: Request[], requests: (Request | null)[], statuses: Status[] | null | undefined) {
    super("Request.Waitall", live, handOverAll);
    this.requests = requests;
    this.statuses = statuses;
  }
}

function handOverAll(_: readonly Request[], w: RequestWait<true>): true {
  const all = w as WaitAll;
  consumeAll(all.requests, all.statuses);
  return true;
}

/** Park on a wait over a list of requests (its `reqs`, at least one), described as the list. */
function parkOnList<T>(wait: RequestWait<T>): Promise<T> {
  const live = wait.reqs;
  return live[0].world.block(wait, listArgs(live), listExtra(live));
}

/**
 * The requests of a list, without its nulls (and holes): a copy, since the caller's list may be
 * changed while the Waitall is pending (erroneous, but it must not break the wait), made by
 * `slice` when there are no nulls (the common case; `filter` calling a closure per element was a
 * persistent loop's cost).
 */
function nonNull(requests: (Request | null)[]): Request[] {
  for (let i = 0; i < requests.length; i++) if (requests[i] == null) return requests.filter((r): r is Request => r != null);
  return requests.slice() as Request[];
}

/** The requests of a list a Waitany / Waitsome can wait on: the active and completed ones. */
function active(requests: (Request | null)[]): Request[] {
  return requests.filter((r): r is Request => r != null && r.state !== "null" && r.state !== "inactive");
}

/** Request.Wait / Test: hand a completed request over (a null or inactive one has nothing to give). */
function handOverOne(r: Request, status: Status | null | undefined, blank: boolean): true {
  if (r.state === "complete") r.consume(status);
  else if (blank && status) status.copyFrom(BLANK_STATUS);
  return true;
}

/** Waitany / Testany: hand over the first completed request of the list; its index. */
function handOverFirst(requests: (Request | null)[], status: Status | null | undefined): number {
  const i = requests.findIndex((r) => r != null && r.state === "complete");
  requests[i]!.consume(status);
  return i;
}
