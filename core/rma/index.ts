/**
 * One-sided communication (MPI 4.1 §12): windows, every synchronisation mode, every RMA
 * operation, with operations applied at their targets by scheduler events (deferred completion).
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
    Create: (memory, ...rest) => createWindow(world, commSelf, "create", [memory, ...rest]),
    Allocate: (size, ...rest) => createWindow(world, commSelf, "allocate", [size, ...rest]),
    Create_dynamic: (...rest) => createWindow(world, commSelf, "dynamic", rest),
    [Symbol.hasInstance]: (x: unknown) => x instanceof Win,
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
