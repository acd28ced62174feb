import { messageTime } from "../cost.ts";
import { MPIException } from "../errors.ts";
import type { EventOwner, SimEvent } from "../events.ts";
import { TouchMode, type Subsystem, type Touch, type World } from "../world.ts";
import { applyRmaOp, captureOrigin } from "./apply.ts";
import { isAccumulate, opId, type RmaOp } from "./op.ts";
import type { WinShared } from "./window.ts";

/** Virtual addresses handed out by Get_address: each ArrayBuffer gets its own 2^33-byte slot. */
const ADDRESS_SLOT = 2 ** 33;

/**
 * The RMA subsystem of one world: numbers windows per communicator, owns the apply events of
 * every issued operation, and does the bookkeeping of completion (trace records, watches).
 */
export class RmaEngine implements EventOwner, Subsystem {
  /** windows created so far on each communicator (by communicator id) */
  private created = new Map<string, number>();
  readonly windows: WinShared[] = [];
  private addresses = new WeakMap<ArrayBufferLike, number>();
  private nextSlot = 1;

  constructor(readonly world: World) {}

  static of(world: World): RmaEngine {
    return world.sub("rma", () => new RmaEngine(world));
  }

  /** The stable id of the next window created on a communicator: `${commId}#${k}`. */
  nextWindowId(commId: string): string {
    const k = this.created.get(commId) ?? 0;
    this.created.set(commId, k + 1);
    return `${commId}#${k}`;
  }

  /** MPI_Get_address for simulated memory: deterministic, distinct per ArrayBuffer. */
  address(buffer: ArrayBufferLike): number {
    let a = this.addresses.get(buffer);
    if (a === undefined) {
      a = this.nextSlot++ * ADDRESS_SLOT;
      this.addresses.set(buffer, a);
    }
    return a;
  }

  /** The base address of a buffer, if Get_address has given it one. */
  knownAddress(buffer: ArrayBufferLike): number | undefined {
    return this.addresses.get(buffer);
  }

  // ------------------------------------------------------------ events

  describe(ev: SimEvent): string {
    const op = ev.data as RmaOp;
    return `apply ${op.call} ${op.origin}→${op.target} on ${op.win.id} (op ${opId(op)})`;
  }

  /**
   * An apply's footprint: the target bytes (read for Get and Get_accumulate with NO_OP, written
   * otherwise: accumulates are kept dependent, which is sound), the origin and compare buffers it
   * reads unless their data was taken at local completion, the result buffer it writes, and "an op
   * of r was applied" for both ranks, which their synchronisation calls read.
   */
  touches(ev: SimEvent): Touch[] {
    const op = ev.data as RmaOp;
    const w = this.world;
    const out: Touch[] = [];
    const reads = op.name === "Get" || (op.name === "Get_accumulate" && op.op?.name === "NO_OP");
    out.push({ obj: w.memName(op.tgt.buffer, op.target), mode: reads ? TouchMode.Read : TouchMode.Write, lo: op.tgt.start, hi: op.tgt.end });
    const read = (b: RmaOp["obuf"], taken: Uint8Array | null) => {
      if (b && !b.isNull && !taken) out.push({ obj: w.memName(b.buffer, op.origin), mode: TouchMode.Read, lo: b.spanStart, hi: b.spanStart + b.byteLength });
    };
    read(op.obuf, op.data);
    read(op.cbuf, op.cmp);
    const r = op.rbuf;
    if (r && !r.isNull) out.push({ obj: w.memName(r.buffer, op.origin), mode: TouchMode.Write, lo: r.spanStart, hi: r.spanStart + r.byteLength });
    out.push({ obj: `rma-done:${op.origin}`, mode: TouchMode.Add, lo: 0, hi: Infinity });
    out.push({ obj: `rma-done:${op.target}`, mode: TouchMode.Add, lo: 0, hi: Infinity });
    return out;
  }

  fire(ev: SimEvent): void {
    const op = ev.data as RmaOp;
    const w = this.world;
    try {
      applyRmaOp(op);
    } catch (e) {
      // Arguments were checked at issue; what is left (a user's data) becomes a diagnostic.
      if (!(e instanceof MPIException)) throw e;
      w.errorFor(op.origin, e.errorClass, e.message.replace(/^ERR_[A-Z_]+: /, ""), op.call, undefined);
    }
    op.applied = true;
    if (w.recording) w.emit({ t: "rma-apply", step: w.step, rank: op.target, time: op.time, id: opId(op), win: op.win.id, target: op.target });
    op.req?.finish(op.time);
    if (isAccumulate(op)) this.release(op);
    w.poke(op.origin);
    if (op.target !== op.origin) w.poke(op.target);
  }

  /** Start an issued operation's life: its apply event is enabled from now on. */
  enable(op: RmaOp): void {
    const w = this.world;
    const bytes = op.tgt.count * op.tgt.datatype.size;
    op.time = w.now(op.origin) + messageTime(w.opts.cost, bytes);
    // MPI 4.1 §12.7.2: with the default accumulate_ordering (rar,raw,war,waw), accumulate-family
    // operations of one origin to the same target location are applied in program order.
    if (isAccumulate(op) && this.behind(op)) op.waiting = true;
    else w.enabled.add(op.event);
  }

  /** Is an earlier, not yet applied accumulate of the same origin on overlapping target bytes? */
  private behind(op: RmaOp): boolean {
    for (const o of op.win.pending[op.originLocal]) {
      if (o === op) return false;
      if (!o.applied && isAccumulate(o) && o.target === op.target && o.tgt.buffer === op.tgt.buffer && o.tgt.start < op.tgt.end && op.tgt.start < o.tgt.end) return true;
    }
    return false;
  }

  /** An accumulate was applied: enable the held-back ones it was the last obstacle for. */
  private release(applied: RmaOp): void {
    for (const o of applied.win.pending[applied.originLocal]) {
      if (o.waiting && !this.behind(o)) {
        o.waiting = false;
        this.world.enabled.add(o.event);
      }
    }
  }

  // ------------------------------------------------------------ completion at the origin

  /** The origin learns the op is locally complete: its buffers may be reused. */
  completeLocal(op: RmaOp): void {
    if (op.localDone) return;
    captureOrigin(op);
    op.localDone = true;
    const watched = op.watched;
    if (watched !== null) {
      op.watched = null;
      for (const b of watched) this.world.unwatch(b);
    }
    this.record(op, "local");
  }

  /** The origin learns the op is complete at the target (it has been applied). */
  completeRemote(op: RmaOp): void {
    if (op.remoteDone) return;
    this.completeLocal(op);
    op.remoteDone = true;
    const st = this.world.ranks[op.origin];
    if (op.time > st.clock) st.clock = op.time;
    this.record(op, "remote");
  }

  /** Drop remotely completed ops from the origin's pending list. */
  prune(win: WinShared, originLocal: number): void {
    // In place: the list lives as long as the window (a new array per synchronisation was garbage).
    const list = win.pending[originLocal];
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      const o = list[i];
      if (!o.remoteDone) list[k++] = o;
    }
    // pop(), not length = k: setting the length takes the runtime's slow path (and at 0 drops the storage).
    while (list.length > k) list.pop();
  }

  private record(op: RmaOp, what: "local" | "remote"): void {
    const w = this.world;
    if (w.recording) w.emit({ t: "rma-complete", step: w.step, rank: op.origin, time: w.now(op.origin), id: opId(op), win: op.win.id, target: op.target, what });
  }

  finish(): void {
    // Unfreed windows are reported by the resource-leak checker from the win-create / win-free
    // records; nothing to do here.
  }
}
