/**
 * One-sided communication (MPI 4.1 §12): windows, every synchronisation mode, every RMA
 * operation, with operations applied at their targets by scheduler events (deferred completion).
 *
 * The model, in short:
 * - Put/Get/Accumulate/… are local calls that record `rma-issue` and enable one RmaApply event
 *   (identity: origin rank + its opSeq). The scheduler fires it at any point before the
 *   synchronisation that completes the op; firing it does the whole op at once and records
 *   `rma-apply`. A Get's result buffer is written then, so it holds old data until then.
 * - Origin data of Put/Accumulate/Get_accumulate/Fetch_and_op/Compare_and_swap is read when the
 *   op is applied, or at Flush_local/Flush_local_all if that comes first (the only local
 *   completion that can precede the apply). So Flush_local makes the origin buffer reusable, and
 *   a store to it before local completion can reach the target in some schedules, as on a NIC.
 * - Blocking synchronisation (Fence, Unlock, Unlock_all, Flush*, Complete, request Wait) parks
 *   until the ops it completes are applied, then records `rma-complete` (local, then remote) and
 *   an `epoch` record. Lock/Lock_all park until grantable; the scheduler picks among grantable
 *   waiters. Start parks until the matching Post; Wait until the matching Completes.
 * - Fence and Free are collectives over the window's own group (id = the window id), Create /
 *   Allocate / Create_dynamic over the communicator, all through core/collective.ts.
 */
import type { CommBase } from "../comm-base.ts";
import type { World } from "../world.ts";
import { createWindow } from "./create.ts";
import { RmaEngine } from "./engine.ts";
import { Win } from "./win.ts";

export { Win } from "./win.ts";
export { RmaEngine } from "./engine.ts";
export { RMA_CONSTANTS } from "./constants.ts";
export type { RmaOp, OpName } from "./op.ts";
export type { WinShared } from "./window.ts";

/** MPI.Win as a rank sees it: the creation calls (default comm: that rank's COMM_SELF). */
export interface WinStatics {
  Create(memory: ArrayBufferView | ArrayBuffer | null, ...rest: unknown[]): Promise<Win>;
  Allocate(size: number, ...rest: unknown[]): Promise<Win>;
  Create_dynamic(...rest: unknown[]): Promise<Win>;
  [Symbol.hasInstance](x: unknown): boolean;
}

/** The RMA part of one rank's MPI namespace. */
export function rmaNamespace(world: World, commSelf: CommBase) {
  const Win_: WinStatics = {
    // Methods, not arrow properties: tsx's keepNames would wrap each arrow in a __name() per rank per run.
    Create(memory, ...rest) {
      return createWindow(world, commSelf, "create", [memory, ...rest]);
    },
    Allocate(size, ...rest) {
      return createWindow(world, commSelf, "allocate", [size, ...rest]);
    },
    Create_dynamic(...rest) {
      return createWindow(world, commSelf, "dynamic", rest);
    },
    [Symbol.hasInstance](x: unknown) {
      return x instanceof Win;
    },
  };
  return {
    Win: Win_,
    /** MPI_Get_address: a deterministic virtual address (displacements into dynamic windows). */
    Get_address(location: ArrayBufferView | ArrayBuffer): number {
      const buffer = location instanceof ArrayBuffer ? location : location.buffer;
      const off = location instanceof ArrayBuffer ? 0 : location.byteOffset;
      return RmaEngine.of(world).address(buffer) + off;
    },
    Aint_add(base: number, disp: number): number {
      return base + disp;
    },
    Aint_diff(a: number, b: number): number {
      return a - b;
    },
  };
}
