import type { CommContext } from "../context.ts";
import { LockTable } from "./locks.ts";
import { PscwCounters } from "./pscw.ts";
import type { RmaOp } from "./op.ts";

export type Flavor = "create" | "allocate" | "dynamic";

/** Memory one member exposes: bytes [base, base + size) of an ArrayBuffer. */
export interface Region {
  buffer: ArrayBufferLike;
  /** the whole buffer as bytes, made once (every operation on the region reads or writes through it) */
  bytes: Uint8Array;
  base: number;
  size: number;
  bufId: string;
}

/** What one member contributed to the window. */
export interface Member {
  /** Create / Allocate: the exposed memory (null when the member exposes none) */
  region: Region | null;
  /** Create_dynamic: the attached regions */
  attached: Region[];
  dispUnit: number;
  /** what tomemory() returns */
  memory: ArrayBuffer | null;
}

/**
 * A window's shared state (one per window, shared by every member's Win handle): who exposes
 * what, the passive-target locks, the PSCW counters, and the operations issued and not yet
 * completed at their origin by a synchronisation call.
 */
export class WinShared {
  readonly locks: LockTable;
  readonly pscw: PscwCounters;
  /** per origin (local rank): ops not yet remotely completed by a synchronisation call */
  readonly pending: RmaOp[][];
  /** members whose Free has completed */
  readonly freed: Uint8Array;
  /**
   * per member, since the last Fence: bit 1, it issued RMA calls (its fence access epoch is
   * really open); bit 2, it was their target (its fence exposure epoch is). MPI 4.1 §12.5.1: a
   * fence starts an epoch only if RMA calls follow it.
   */
  readonly fenceTouched: Uint8Array;
  /** per member: a Post…Wait exposure epoch is open */
  readonly exposing: Uint8Array;
  name: string;
  /** The call record's extra fields of every call on this window (read-only: World.block copies them). */
  readonly callExtra: { readonly comm: string };

  constructor(
    /** stable id: `${commId}#${k}`, k counting windows created on that communicator */
    readonly id: string,
    /** the communicator it was created on */
    readonly comm: CommContext,
    /** the window's own collective context (Fence and Free meet here, not on the communicator) */
    readonly ctx: CommContext,
    readonly flavor: Flavor,
    readonly members: Member[],
  ) {
    this.locks = new LockTable(ctx.size);
    this.pscw = new PscwCounters(ctx.size);
    this.pending = Array.from({ length: ctx.size }, () => []);
    this.freed = new Uint8Array(ctx.size);
    this.fenceTouched = new Uint8Array(ctx.size);
    this.exposing = new Uint8Array(ctx.size);
    this.name = `win ${id}`;
    this.callExtra = { comm: id };
  }

  get size(): number {
    return this.ctx.size;
  }
}
