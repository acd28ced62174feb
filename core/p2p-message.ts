/**
 * The objects of point-to-point matching (core/p2p.ts): a message in flight, which is its own
 * deliver event, a posted receive, and what both keep of their datatypes for the type check.
 */
import { EventKind, SimEvent, type EventOwner } from "./events.ts";
import type { SourceLoc } from "./errors.ts";
import type { Request } from "./request.ts";
import type { CommContext } from "./context.ts";
import { untyped, type Datatype, type ResolvedBuffer } from "./datatype/index.ts";

/**
 * What the type-signature check at delivery needs of a buffer's datatype (MPI 4.1 §3.3.1), taken
 * when the buffer is posted: its datatype is in cache then, while at delivery, at thousands of
 * ranks, reading the sender's and the receiver's datatypes were two cache misses per message.
 * ANY_TYPE: untyped (BYTE, PACKED match anything); a Datatype: the single predefined type it is
 * built from; null: mixed or empty (the signatures are compared at delivery, as always).
 */
export const ANY_TYPE: unique symbol = Symbol("any type");
export type TypeKey = Datatype | null | typeof ANY_TYPE;

export function typeKey(dt: Datatype): TypeKey {
  return untyped(dt) ? ANY_TYPE : dt.basic;
}

/** Must the delivery compare signatures? Not when either side is untyped or both are of one predefined type (checkTypes would pass them). */
export function typesNeedCheck(a: TypeKey, b: TypeKey): boolean {
  return !(a === ANY_TYPE || b === ANY_TYPE || (a !== null && a === b));
}

/** Send modes of MPI 4.1 §3.4. */
export type SendMode = "standard" | "sync" | "buffered" | "ready";

/**
 * A message in flight. It is its own deliver event (one object per message, not a message and an
 * event), and an eager message keeps its datatype and count, not the sender's resolved buffer (and
 * through it the user's view): at thousands of ranks messages wait O(ranks) steps, so every object
 * and field one holds is copied by each scavenge it lives through.
 */
export class Message extends SimEvent {
  // Declared, set in the constructor (see SimEvent): one store per field, not two.
  declare readonly srcLocal: number;
  declare readonly dst: number;
  declare readonly ctx: CommContext;
  declare readonly tag: number;
  /** Packed bytes (taken at send time when eager or buffered; at delivery when synchronous; null when small). */
  declare readonly data: Uint8Array | null;
  /** A small message's length in bytes (its bytes are w0, w1: see packSmall), or -1. */
  declare readonly small: number;
  declare readonly w0: number;
  declare readonly w1: number;
  /** The send buffer: kept only when it is packed at delivery (sync); else null. */
  declare readonly spec: ResolvedBuffer | null;
  /** The send buffer's datatype and count (the receive checks the type signature against them). */
  declare readonly datatype: Datatype | null;
  declare readonly count: number;
  /** typeKey(datatype), taken at the send */
  declare readonly typeKey: TypeKey;
  /** Lower-case (object) message payload. */
  declare readonly obj: unknown;
  declare readonly isObject: boolean;
  declare readonly bytes: number;
  /** The sender learns of the match (Ssend, or rendezvous): its request completes at delivery. */
  declare readonly sync: boolean;
  /** Sent in synchronous mode (Ssend, Issend): MPI itself promises the sender learns of the match. */
  declare readonly ssend: boolean;
  declare readonly sreq: Request;
  declare readonly time: number;
  declare readonly loc: SourceLoc | undefined;
  /** The receive it will match if delivered now (computed by recompute). */
  declare target: PostedRecv | null;

  constructor(
    owner: EventOwner,
    src: number,
    seq: number,
    srcLocal: number,
    dst: number,
    ctx: CommContext,
    tag: number,
    data: Uint8Array | null,
    small: number,
    w0: number,
    w1: number,
    spec: ResolvedBuffer | null,
    datatype: Datatype | null,
    count: number,
    typeKey: TypeKey,
    obj: unknown,
    isObject: boolean,
    bytes: number,
    sync: boolean,
    ssend: boolean,
    sreq: Request,
    time: number,
    loc: SourceLoc | undefined,
  ) {
    super(EventKind.Deliver, src, seq, owner, null);
    this.srcLocal = srcLocal;
    this.dst = dst;
    this.ctx = ctx;
    this.tag = tag;
    this.data = data;
    this.small = small;
    this.w0 = w0;
    this.w1 = w1;
    this.spec = spec;
    this.datatype = datatype;
    this.count = count;
    this.typeKey = typeKey;
    this.obj = obj;
    this.isObject = isObject;
    this.bytes = bytes;
    this.sync = sync;
    this.ssend = ssend;
    this.sreq = sreq;
    this.time = time;
    this.loc = loc;
    this.target = null;
  }

  /** The sender (world rank): the event's rank. */
  get src(): number {
    return this.rank;
  }
}

export interface PostedRecv {
  req: Request;
  /** The owner's request counter when posted: names the receive in footprints (recvKey). */
  seq: number;
  /** Local rank in ctx, or ANY_SOURCE. */
  source: number;
  tag: number;
  ctx: CommContext;
  spec: ResolvedBuffer | null;
  /** typeKey of spec's datatype and its capacity in bytes, taken when posted (null spec: null, 0) */
  typeKey: TypeKey;
  capacity: number;
  isObject: boolean;
  time: number;
  loc?: SourceLoc;
}

/**
 * A receive's queue entry, made by the call that posts it (P2P.postRecv sets what changes per
 * instance of a persistent receive: its request, number, time and location).
 */
export function recvEntry(req: Request, ctx: CommContext, source: number, tag: number, spec: ResolvedBuffer | null, isObject: boolean): PostedRecv {
  return {
    req,
    seq: -1,
    source,
    tag,
    ctx,
    spec,
    typeKey: spec ? typeKey(spec.datatype) : null,
    capacity: spec ? spec.count * spec.datatype.size : 0,
    isObject,
    time: 0,
    loc: undefined,
  };
}

export interface Inbox {
  msgs: Message[];
  recvs: PostedRecv[];
}
