import { UNDEFINED } from "./constants.ts";
import { MPIException } from "./errors.ts";
import { Status } from "./status.ts";
import { TouchMode, type PendingCall, type World } from "./world.ts";

export type RequestState = "active" | "complete" | "inactive" | "null";

/**
 * mpi4py's MPI.Request. Subsystems (p2p, collectives, RMA, I/O) create them active and call
 * `finishRequest` when the operation completes; Wait/Test hand the result to the user.
 */
export class Request {
  state: RequestState = "active";
  readonly status = new Status();
  /** Virtual time at which the operation completed. */
  time = 0;
  /** Error to raise at Wait/Test (e.g. ERR_TRUNCATE found at delivery). */
  error: MPIException | undefined;
  /** Result object for lower-case requests (irecv) and result-returning ops. */
  result: unknown = undefined;
  persistent = false;
  /** ArrayBuffers the operation reads or writes while active (watched for buffer races). */
  buffers: ArrayBufferLike[] = [];
  /** Subsystem hook: try to cancel (return true when cancelled). */
  onCancel: (() => boolean) | undefined;
  /** The owner's request counter when this one was made (names it in footprints, see fkey). */
  private readonly fseq: number;

  constructor(
    readonly world: World,
    /** Owner (world rank). */
    readonly rank: number,
    readonly id: number,
    /** "send", "recv", "coll", "rma", "io", … */
    readonly kind: string,
  ) {
    this.fseq = world.ranks[rank].reqSeq++;
  }

  /** Schedule-independent name for footprints: requests are made by their owner, in its program order. */
  get fkey(): string {
    return `req:${this.rank}:${this.fseq}`;
  }

  /** Called by the subsystem that carries the operation out. */
  finish(time: number): void {
    if (this.state !== "active") return;
    this.state = "complete";
    // Completions commute with each other; polls (Test*, Waitany…) read them (scheduler/footprint.ts).
    // The names are built only while a scheduler collects footprints.
    if (this.world.footprint !== null) {
      this.world.touch(this.fkey, TouchMode.Write);
      this.world.touch(`done:${this.rank}`, TouchMode.Add);
    }
    const st = this.world.ranks[this.rank];
    this.time = Math.max(time, 0);
    if (this.world.recording) {
      this.world.emit({ t: "request", step: this.world.step, rank: this.rank, time: st.clock, req: this.id, what: "complete", kind: this.kind });
    }
    this.world.poke(this.rank);
  }

  /**
   * Watch a buffer the operation reads or writes (bytes [lo, hi) of it) until the user consumes
   * the request (Wait/Test/Free): MPI 4.1 §3.7.2 gives the buffer to the operation until then.
   */
  use(buf: ArrayBufferLike | undefined, lo = 0, hi = buf?.byteLength ?? 0, access: "read" | "write" = "write"): void {
    if (!buf) return;
    this.buffers.push(buf);
    this.world.watch(buf);
    const w = this.world;
    if (w.recording) {
      w.emit({ t: "request", step: w.step, rank: this.rank, time: w.ranks[this.rank].clock, req: this.id, what: "use", kind: this.kind, buf: w.bufferId(buf, this.rank), range: [lo, hi], access });
    }
  }

  /** The user is done with the operation's buffers. */
  private release(): void {
    if (this.buffers.length === 0) return;
    for (const b of this.buffers) this.world.unwatch(b);
    this.buffers = [];
  }

  /** Hand the completion to the user: advance the clock, reset or null the request. */
  consume(status?: Status | null): void {
    if (this.world.footprint !== null) this.world.touch(this.fkey, TouchMode.Read);
    const st = this.world.ranks[this.rank];
    if (this.time > st.clock) st.clock = this.time;
    if (status) status.copyFrom(this.status);
    this.state = this.persistent ? "inactive" : "null";
    this.release();
    const w = this.world;
    if (w.recording) w.emit({ t: "request", step: w.step, rank: this.rank, time: st.clock, req: this.id, what: "wait", kind: this.kind });
    if (this.error) {
      const e = this.error;
      this.error = undefined;
      throw e;
    }
  }

  get done(): boolean {
    return this.state !== "active";
  }

  private check(call: string): void {
    if (this.world.current !== this.rank) {
      throw this.world.error("ERR_REQUEST", `request belongs to rank ${this.rank}`, call);
    }
  }

  // ------------------------------------------------------------ mpi4py API

  Wait(status?: Status | null): Promise<true> {
    this.check("Request.Wait");
    const req = this;
    return this.world.block(
      {
        call: "Request.Wait",
        ready() {
          return req.done;
        },
        complete() {
          if (req.state === "complete") req.consume(status);
          else if (status) status.copyFrom(new Status());
          return true as const;
        },
        waitsFor() {
          return waitTargets(req);
        },
      },
      oneArgs(this),
      oneExtra(this),
    );
  }

  Test(status?: Status | null): Promise<boolean> {
    this.check("Request.Test");
    const req = this;
    const pending: PendingCall<boolean> = {
      call: "Request.Test",
      ready: alwaysReady,
      complete() {
        if (req.state === "active") {
          pending.poll = true;
          return false;
        }
        pending.poll = false;
        if (req.state === "complete") req.consume(status);
        return true;
      },
    };
    return this.world.block(pending, oneArgs(this), oneExtra(this));
  }

  /** Non-destructive test (local). */
  Get_status(status?: Status | null): boolean {
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

  static Waitall(requests: (Request | null)[], statuses?: Status[] | null): Promise<true> {
    const live = requests.filter((r): r is Request => r != null);
    if (live.length === 0) return Promise.resolve(true);
    const world = live[0].world;
    return world.block(
      {
        call: "Request.Waitall",
        ready() {
          return live.every(isDone);
        },
        complete() {
          let firstError: MPIException | undefined;
          requests.forEach((r, i) => {
            const s = statuses?.[i];
            if (!r) return;
            try {
              if (r.state === "complete") r.consume(s);
            } catch (e) {
              firstError ??= e as MPIException;
            }
          });
          if (firstError) throw firstError;
          return true as const;
        },
        waitsFor() {
          return live.filter((r) => !r.done).flatMap(waitTargets);
        },
      },
      listArgs(live),
      listExtra(live),
    );
  }

  static Testall(requests: (Request | null)[], statuses?: Status[] | null): Promise<boolean> {
    const live = requests.filter((r): r is Request => r != null);
    if (live.length === 0) return Promise.resolve(true);
    const pending: PendingCall<boolean> = {
      call: "Request.Testall",
      ready: alwaysReady,
      complete() {
        const all = live.every((r) => r.done);
        pending.poll = !all;
        if (!all) return false;
        requests.forEach((r, i) => {
          if (r && r.state === "complete") r.consume(statuses?.[i]);
        });
        return true;
      },
    };
    return live[0].world.block(pending, listArgs(live), listExtra(live));
  }

  static Waitany(requests: (Request | null)[], status?: Status | null): Promise<number> {
    const live = requests.filter((r): r is Request => r != null && r.state !== "null" && r.state !== "inactive");
    if (live.length === 0) return Promise.resolve(UNDEFINED);
    return live[0].world.block(
      {
        call: "Request.Waitany",
        ready() {
          return live.some(isDone);
        },
        complete() {
          const i = requests.findIndex((r) => r != null && r.state === "complete");
          requests[i]!.consume(status);
          return i;
        },
        waitsFor() {
          return live.flatMap(waitTargets);
        },
      },
      listArgs(live),
      listExtra(live),
    );
  }

  static Testany(requests: (Request | null)[], status?: Status | null): Promise<[number, boolean]> {
    const live = requests.filter((r): r is Request => r != null && r.state !== "null" && r.state !== "inactive");
    if (live.length === 0) return Promise.resolve([UNDEFINED, true]);
    const pending: PendingCall<[number, boolean]> = {
      call: "Request.Testany",
      ready: alwaysReady,
      complete() {
        const i = requests.findIndex((r) => r != null && r.state === "complete");
        pending.poll = i < 0;
        if (i < 0) return [UNDEFINED, false];
        requests[i]!.consume(status);
        return [i, true];
      },
    };
    return live[0].world.block(pending, listArgs(live), listExtra(live));
  }

  static Waitsome(requests: (Request | null)[], statuses?: Status[] | null): Promise<number[] | null> {
    const live = requests.filter((r): r is Request => r != null && r.state !== "null" && r.state !== "inactive");
    if (live.length === 0) return Promise.resolve(null);
    return live[0].world.block(
      {
        call: "Request.Waitsome",
        ready() {
          return live.some(isDone);
        },
        complete() {
          return completedIndices(requests, statuses);
        },
        waitsFor() {
          return live.flatMap(waitTargets);
        },
      },
      listArgs(live),
      listExtra(live),
    );
  }

  static Testsome(requests: (Request | null)[], statuses?: Status[] | null): Promise<number[] | null> {
    const live = requests.filter((r): r is Request => r != null && r.state !== "null" && r.state !== "inactive");
    if (live.length === 0) return Promise.resolve(null);
    const pending: PendingCall<number[]> = {
      call: "Request.Testsome",
      ready: alwaysReady,
      complete() {
        const out = completedIndices(requests, statuses);
        pending.poll = out.length === 0;
        return out;
      },
    };
    return live[0].world.block(pending, listArgs(live), listExtra(live));
  }

  /** mpi4py lower-case: wait for all and return their objects. */
  static async waitall(requests: Request[], statuses?: Status[] | null): Promise<unknown[]> {
    await Request.Waitall(requests, statuses);
    return requests.map((r) => r.result);
  }

  static async testall(requests: Request[], statuses?: Status[] | null): Promise<[boolean, unknown[] | null]> {
    const flag = await Request.Testall(requests, statuses);
    return [flag, flag ? requests.map((r) => r.result) : null];
  }
}

// PendingCall members are methods or shared functions, never arrow-function properties: tsx (esbuild
// keepNames) wraps every arrow assigned to an object-literal property in __name(), an
// Object.defineProperty that costs ~400 ns per closure, several per blocking call.
// The trace's description of a call on requests is built only when someone records the trace
// (World.recording): otherwise it would be garbage made on every call.
function oneArgs(r: Request): string | undefined {
  return r.world.recording ? `req=${r.id}` : undefined;
}

function oneExtra(r: Request): { reqs: number[] } | undefined {
  return r.world.recording ? { reqs: [r.id] } : undefined;
}

function listArgs(rs: readonly Request[]): string | undefined {
  return rs[0].world.recording ? `reqs=[${rs.map((r) => r.id).join(",")}]` : undefined;
}

function listExtra(rs: readonly Request[]): { reqs: number[] } | undefined {
  return rs[0].world.recording ? { reqs: rs.map((r) => r.id) } : undefined;
}

/** A fresh request's status, copied into a restarted persistent request (never mutated). */
const BLANK_STATUS = new Status();

function alwaysReady(): boolean {
  return true;
}

function isDone(r: Request): boolean {
  return r.done;
}

function completedIndices(requests: (Request | null)[], statuses?: Status[] | null): number[] {
  const out: number[] = [];
  let firstError: MPIException | undefined;
  requests.forEach((r, i) => {
    if (r && r.state === "complete") {
      out.push(i);
      try {
        r.consume(statuses?.[out.length - 1]);
      } catch (e) {
        firstError ??= e as MPIException;
      }
    }
  });
  if (firstError) throw firstError;
  return out;
}

/** Which ranks an active request waits on (subsystems set it). */
export function waitTargets(r: Request): number[] {
  return (r as Request & { peers?: () => number[] }).peers?.() ?? [];
}

/** A persistent request: mpi4py's MPI.Prequest (Send_init, Recv_init). */
export class Prequest extends Request {
  /** Starts one instance of the operation (set by the subsystem). */
  starter: ((req: Prequest) => void) | undefined;
  /** Which ranks an active instance waits on. */
  peers: (() => number[]) | undefined;

  constructor(world: World, rank: number, id: number, kind: string) {
    super(world, rank, id, kind);
    this.persistent = true;
    this.state = "inactive";
  }

  Start(): void {
    if (this.world.current !== this.rank) throw this.world.error("ERR_REQUEST", `request belongs to rank ${this.rank}`, "Prequest.Start");
    this.world.localCall("Prequest.Start", oneArgs(this), oneExtra(this));
    this.startInstance();
  }

  startInstance(): void {
    if (this.state === "null") throw this.world.error("ERR_REQUEST", `Start on a freed persistent request ${this.id}`, "Prequest.Start");
    if (this.state === "active" || this.state === "complete") {
      // MPI 4.1 §3.9: Start on an active request is erroneous; a complete one must be waited first.
      throw this.world.error("ERR_REQUEST", `Start on persistent request ${this.id} that is still active (complete it with Wait/Test first)`, "Prequest.Start");
    }
    this.state = "active";
    this.status.copyFrom(BLANK_STATUS);
    this.error = undefined;
    if (this.world.recording) {
      this.world.emit({ t: "request", step: this.world.step, rank: this.rank, time: this.world.now(this.rank), req: this.id, what: "start", kind: this.kind });
    }
    this.starter!(this);
  }

  static Startall(requests: Prequest[]): void {
    if (requests.length === 0) return;
    const w = requests[0].world;
    w.localCall("Prequest.Startall", listArgs(requests), listExtra(requests));
    for (const r of requests) r.startInstance();
  }
}
