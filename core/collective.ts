import { collectiveTime } from "./cost.ts";
import { MPIException, formatLoc, type SourceLoc } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { Request } from "./request.ts";
import { RequestWait, resultOf } from "./request-wait.ts";
import type { CommContext } from "./context.ts";
import { TouchMode, type Touch, type World } from "./world.ts";

/**
 * The meeting point of collective calls. The k-th collective call each member makes on a
 * communicator joins slot k (MPI 4.1 §6.12: collectives are matched by order of call on the
 * communicator). When the last member arrives the slot computes everyone's results at once and
 * completes every member's request. Subsystems (windows, files, communicator creation) use the
 * same mechanism for their collective calls.
 */
export interface CollectiveSpec<C, R> {
  /** The collective's name ("Bcast", "Win.Create", …): all members must call the same. */
  kind: string;
  /** Root (local rank) for rooted collectives; all members must agree. */
  root?: number;
  /** Other arguments that must agree across members (op, byte count, …), as text. */
  sig?: string;
  /** This member's contribution. */
  contrib: C;
  /** Computes the shared result from all contributions (in local rank order); run once. */
  compute: (contribs: C[], ctx: CommContext) => R;
  /** Hands the result to this member (writes its receive buffer, sets req.result). */
  deliver?: (result: R, req: Request) => void;
  /** Bytes this member moves, for the cost model. */
  bytes?: number;
  /**
   * What the compute may touch, when it changes state other events read (Close flushing writes
   * to a file). For DPOR every join carries these touches (the last joiner's must not differ from
   * the others'), grouped so that the joins still commute with each other.
   */
  effects?: () => Touch[];
}

interface Slot {
  kind: string;
  root: number | undefined;
  sig: string | undefined;
  ranks: number[];
  calls: string[];
  contribs: unknown[];
  reqs: Request[];
  delivers: (((result: unknown, req: Request) => void) | undefined)[];
  compute: (contribs: unknown[], ctx: CommContext) => unknown;
  arrived: number;
  time: number;
  bytes: number;
  /** Call sites, formatted only if a mismatch is reported. */
  locs: (SourceLoc | undefined)[];
}

/** Join the calling rank's next collective slot on `ctx`; returns the (active) request. */
export function joinCollective<C, R>(world: World, ctx: CommContext, spec: CollectiveSpec<C, R>, call: string, made?: Request): Request {
  const st = world.caller(call);
  const me = ctx.localRank(st.rank);
  const seq = ctx.collSeq[me]++;
  // A non-blocking collective's request is made before its call record names it (leaks, buffer-race).
  const req = made ?? new Request(world, st.rank, world.newRequestId(), "coll");
  let slot = ctx.slot(seq) as Slot | undefined;
  const loc = currentCallLoc();
  if (world.footprint !== null) {
    // DPOR: joins commute, and every join has the same footprint whoever arrives last (the last
    // one's finishing of everyone's request is left out below; it enables their resumes).
    world.touch(`coll:${ctx.id}:${seq}`, TouchMode.Add);
    if (spec.effects) for (const t of spec.effects()) world.footprint.push({ ...t, group: `coll:${ctx.id}:${seq}` });
    for (const m of ctx.group) world.touch(`done:${m}`, TouchMode.Add);
  }
  if (!slot) {
    slot = {
      kind: spec.kind,
      root: spec.root,
      sig: spec.sig,
      ranks: [],
      calls: new Array(ctx.size),
      contribs: new Array(ctx.size),
      reqs: new Array(ctx.size),
      delivers: new Array(ctx.size),
      compute: spec.compute as Slot["compute"],
      arrived: 0,
      time: 0,
      bytes: 0,
      locs: new Array(ctx.size),
    };
    ctx.openSlot(seq, slot);
  } else if (slot.kind !== spec.kind || slot.root !== spec.root || slot.sig !== spec.sig) {
    mismatch(world, ctx, seq, slot, spec as CollectiveSpec<unknown, unknown>, me, call, loc ? formatLoc(loc) : undefined);
  }
  slot.contribs[me] = spec.contrib;
  slot.reqs[me] = req;
  slot.calls[me] = call;
  slot.delivers[me] = spec.deliver as Slot["delivers"][number];
  slot.locs[me] = loc;
  slot.arrived++;
  slot.time = Math.max(slot.time, st.clock);
  slot.bytes = Math.max(slot.bytes, spec.bytes ?? 0);
  req.peers = () => ctx.group.filter((_, i) => slot!.reqs[i] === undefined);
  if (slot.arrived === ctx.size) {
    ctx.closeSlot(seq);
    // Whatever goes wrong computing the result (a user op that throws, an MPI error found in the
    // combined data) goes to every member's request, raised at its wait: it must not escape from
    // the last member's call alone and leave the others waiting forever.
    let result: unknown;
    let failure: unknown;
    let failed = false;
    const f = world.footprint;
    const from = f?.length ?? 0;
    try {
      result = slot.compute(slot.contribs, ctx);
    } catch (e) {
      failure = world.adopt(e);
      failed = true;
    }
    // The compute's own touches are the declared effects' (the same group as every join's).
    if (f && spec.effects) for (let i = from; i < f.length; i++) f[i] = { ...f[i], group: `coll:${ctx.id}:${seq}` };
    const done = slot.time + collectiveTime(world.opts.cost, ctx.size, slot.bytes);
    if (world.recording) {
      world.emit({
        t: "sync",
        step: world.step,
        rank: st.rank,
        time: done,
        kind: spec.kind,
        comm: ctx.id,
        seq,
        members: [...ctx.group],
        ...(spec.root !== undefined ? { root: ctx.worldRank(spec.root) } : {}),
      });
    }
    const footprint = world.footprint;
    world.footprint = null;
    try {
      for (let i = 0; i < ctx.size; i++) {
        const r = slot.reqs[i];
        if (failed) r.error = failure as MPIException;
        else {
          try {
            slot.delivers[i]?.(result, r);
          } catch (e) {
            // A lower layer's MPIException (e.g. an object reduction that cannot combine) becomes
            // this member's mpi-error, at its call site.
            const unreported = e instanceof MPIException && !(e as MPIException & { reported?: boolean }).reported;
            r.error = (unreported ? world.errorFor(r.rank, e.errorClass, e.message.replace(/^ERR_[A-Z_]+: /, ""), e.call, slot.locs[i]) : e) as MPIException;
          }
        }
        r.finish(done);
      }
    } finally {
      world.footprint = footprint;
    }
  }
  return req;
}

/** Block the caller until a collective request completes; returns req.result. */
export function waitCollective<T>(world: World, req: Request, call: string, args?: string, comm?: string): Promise<T> {
  return world.block<T>(new RequestWait<T>(call, [req], resultOf), args, world.recording ? { reqs: [req.id], comm } : undefined);
}

function mismatch(world: World, ctx: CommContext, seq: number, slot: Slot, spec: CollectiveSpec<unknown, unknown>, me: number, call: string, where: string | undefined): never {
  const first = slot.calls.findIndex((c) => c !== undefined);
  const [was, now] =
    slot.kind !== spec.kind
      ? [slot.kind, spec.kind]
      : slot.root !== spec.root
        ? [`${slot.kind} with root ${slot.root}`, `${spec.kind} with root ${spec.root}`]
        : [`${slot.kind} with ${slot.sig ?? "no other arguments"}`, `${spec.kind} with ${spec.sig ?? "no other arguments"}`];
  const what = `${was} vs ${now}`;
  const a = ctx.worldRank(first);
  const b = ctx.worldRank(me);
  world.report({
    kind: "collective-mismatch",
    message: `collective call #${seq} on ${ctx.name}: rank ${a} called ${was} but rank ${b} called ${now}`,
    ranks: [a, b],
    accesses: [
      { op: slot.calls[first], rank: a, comm: ctx.name, where: slot.locs[first] ? formatLoc(slot.locs[first]!) : undefined },
      { op: call, rank: b, comm: ctx.name, where },
    ],
  });
  const e = new MPIException("ERR_OTHER", `collective mismatch on ${ctx.name}: ${what}`, call, b);
  (e as MPIException & { reported?: boolean }).reported = true;
  throw e;
}
