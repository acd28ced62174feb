import type { BufferSpec } from "../datatype/index.ts";
import { Group } from "../group.ts";
import { enterOwned } from "../args.ts";
import type { Request } from "../request.ts";
import type { RankState, World } from "../world.ts";
import {
  WIN_BASE, WIN_CREATE_FLAVOR, WIN_DISP_UNIT, WIN_FLAVOR_ALLOCATE, WIN_FLAVOR_CREATE, WIN_FLAVOR_DYNAMIC, WIN_MODEL,
  WIN_SIZE, WIN_UNIFIED,
} from "./constants.ts";
import type { RmaEngine } from "./engine.ts";
import { issueOp } from "./issue.ts";
import { HeldLocks } from "./locks.ts";
import { attach, detach, freeWindow } from "./create.ts";
import * as S from "./sync.ts";
import type { WinShared } from "./window.ts";

const EMPTY = new ArrayBuffer(0);

/**
 * mpi4py's MPI.Win: one handle per member rank, over the window's shared state. Besides the
 * mpi4py API it holds this member's epoch state (fence, locks held, PSCW groups), which decides
 * whether an RMA call is inside an epoch that covers its target (MPI 4.1 §12.5).
 */
export class Win {
  freed = false;
  /** a fence epoch is open: a Fence without MODE_NOSUCCEED has completed */
  fenceOpen = false;
  /** passive-target locks this member holds, by target local rank */
  readonly locks: HeldLocks;
  lockAll = false;
  /** PSCW access epoch (Start…Complete) and exposure epoch (Post…Wait) groups, as local ranks */
  startGroup: number[] | null = null;
  postGroup: number[] | null = null;
  /** a Lock/Lock_all/Start/Post epoch opened since the last Fence while the fence left an epoch open */
  nestedSinceFence: { what: string; bit: number } | null = null;

  constructor(
    readonly engine: RmaEngine,
    readonly shared: WinShared,
    /** world rank of the member owning this handle */
    readonly owner: number,
  ) {
    this.locks = new HeldLocks(shared.size);
  }

  get world(): World {
    return this.engine.world;
  }

  /** This member's rank in the window's group. */
  get me(): number {
    return this.shared.ctx.localRank(this.owner);
  }

  /** The calling rank must own this handle, and the window must be live (ERR_WIN). */
  enter(call: string): RankState {
    const st = enterOwned(this.world, this.owner, call, "window handle", "ERR_WIN");
    if (this.freed) throw this.world.error("ERR_WIN", `${this.shared.name} has been freed`, call);
    return st;
  }

  /** Is an access epoch to target t (local rank) open at this member? */
  covers(t: number): boolean {
    return this.fenceOpen || this.lockAll || this.locks.has(t) || (this.startGroup !== null && this.startGroup.includes(t));
  }

  /** Is any epoch open at this member (what Free must not see)? */
  epochOpen(): string | null {
    if (this.lockAll) return "a Lock_all epoch";
    if (this.locks.size) return `a Lock epoch on rank ${this.locks.first()}`;
    if (this.startGroup) return "a Start (access) epoch";
    if (this.postGroup) return "a Post (exposure) epoch";
    if (this.shared.pending[this.me].length) return "RMA operations not yet completed by a synchronisation call";
    return null;
  }

  // ------------------------------------------------------------ memory and attributes

  /** The window's memory as an ArrayBuffer (SPEC §1): wrap it in the typed array you need. */
  tomemory(): ArrayBuffer {
    this.enter("Win.tomemory");
    return this.shared.members[this.me].memory ?? EMPTY;
  }

  Get_attr(keyval: number): number | null {
    this.enter("Win.Get_attr");
    const m = this.shared.members[this.me];
    switch (keyval) {
      case WIN_BASE:
        return m.region ? this.engine.address(m.region.buffer) + m.region.base : 0;
      case WIN_SIZE:
        return m.region?.size ?? 0;
      case WIN_DISP_UNIT:
        return m.dispUnit;
      case WIN_CREATE_FLAVOR:
        return this.flavor;
      case WIN_MODEL:
        return WIN_UNIFIED;
      default:
        return null;
    }
  }

  /** mpi4py: (base address, size, disp_unit) */
  get attrs(): [number, number, number] {
    return [this.Get_attr(WIN_BASE) ?? 0, this.Get_attr(WIN_SIZE) ?? 0, this.Get_attr(WIN_DISP_UNIT) ?? 1];
  }
  get flavor(): number {
    const f = this.shared.flavor;
    return f === "create" ? WIN_FLAVOR_CREATE : f === "allocate" ? WIN_FLAVOR_ALLOCATE : WIN_FLAVOR_DYNAMIC;
  }
  get model(): number {
    return WIN_UNIFIED;
  }
  Get_group(): Group {
    this.enter("Win.Get_group");
    return new Group(this.shared.ctx.group, this.owner);
  }
  get group(): Group {
    return this.Get_group();
  }
  Get_name(): string {
    return this.shared.name;
  }
  Set_name(name: string): void {
    this.shared.name = String(name);
  }

  Attach(memory: unknown): void {
    attach(this, memory);
  }
  Detach(memory: unknown): void {
    detach(this, memory);
  }

  /** Collective over the window's group (MPI 4.1 §12.2.5); no epoch may be open. */
  Free(): Promise<void> {
    return freeWindow(this);
  }

  // ------------------------------------------------------------ operations (local calls)

  Put(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Put", "Put", false, args);
  }
  Get(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Get", "Get", false, args);
  }
  Accumulate(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Accumulate", "Accumulate", false, args);
  }
  Get_accumulate(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Get_accumulate", "Get_accumulate", false, args);
  }
  Fetch_and_op(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Fetch_and_op", "Fetch_and_op", false, args);
  }
  Compare_and_swap(...args: [origin: BufferSpec, ...rest: unknown[]]): void {
    issueOp(this, "Win.Compare_and_swap", "Compare_and_swap", false, args);
  }
  Rput(...args: [origin: BufferSpec, ...rest: unknown[]]): Request {
    return issueOp(this, "Win.Rput", "Put", true, args)!;
  }
  Rget(...args: [origin: BufferSpec, ...rest: unknown[]]): Request {
    return issueOp(this, "Win.Rget", "Get", true, args)!;
  }
  Raccumulate(...args: [origin: BufferSpec, ...rest: unknown[]]): Request {
    return issueOp(this, "Win.Raccumulate", "Accumulate", true, args)!;
  }
  Rget_accumulate(...args: [origin: BufferSpec, ...rest: unknown[]]): Request {
    return issueOp(this, "Win.Rget_accumulate", "Get_accumulate", true, args)!;
  }

  // ------------------------------------------------------------ synchronisation (awaited)

  Fence(...args: unknown[]): Promise<void> {
    return S.fence(this, args);
  }
  Lock(...args: unknown[]): Promise<void> {
    return S.lock(this, args);
  }
  Unlock(...args: unknown[]): Promise<void> {
    return S.unlock(this, args);
  }
  Lock_all(...args: unknown[]): Promise<void> {
    return S.lockAll(this, args);
  }
  Unlock_all(): Promise<void> {
    return S.unlockAll(this);
  }
  Flush(...args: unknown[]): Promise<void> {
    return S.flush(this, "Win.Flush", args, false);
  }
  Flush_local(...args: unknown[]): Promise<void> {
    return S.flush(this, "Win.Flush_local", args, true);
  }
  Flush_all(): Promise<void> {
    return S.flushAll(this, "Win.Flush_all", false);
  }
  Flush_local_all(): Promise<void> {
    return S.flushAll(this, "Win.Flush_local_all", true);
  }
  Sync(): Promise<void> {
    return S.sync(this);
  }
  Post(...args: unknown[]): Promise<void> {
    return S.post(this, args);
  }
  Start(...args: unknown[]): Promise<void> {
    return S.start(this, args);
  }
  Complete(): Promise<void> {
    return S.complete(this);
  }
  Wait(): Promise<void> {
    return S.waitExposure(this);
  }
  Test(): Promise<boolean> {
    return S.testExposure(this);
  }
}
