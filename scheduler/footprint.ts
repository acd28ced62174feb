import { EventKind, type SimEvent } from "../core/events.ts";
import { TouchMode, type RankState, type Touch, type World } from "../core/world.ts";

/**
 * Footprints: what one fired event touched, and the dependency relation DPOR reduces by.
 *
 * Most of a footprint comes from the subsystems through `world.touch` while the event fires
 * (messages, receives, wildcard matching, request completions, buffers, window bytes, file
 * ranges). The scheduler adds what only it knows:
 * - a resume of rank r writes `rank:r`: a rank's segments are in program order;
 * - a poll (Test*, Waitany, Waitsome, Probe, Iprobe) reads `done:r` and `match:r` (the queue of messages to r): its answer
 *   depends on which completions and messages happened before it;
 * - lock calls write `rma-locks` (every window's locks: coarse, sound); RMA synchronisation calls
 *   read `rma-done:r`, which every applied operation of or at r adds to;
 * - an RMA apply touches its target bytes, origin and result buffers (read from the operation);
 * - an event of a kind whose subsystem reports nothing touches `*`: dependent with everything,
 *   which is always sound (only less reduction).
 * Two events are dependent when their footprints conflict (same object, overlapping bytes, not
 * both reads, not both commutative adds) or when firing one disabled the other (scheduler/dpor.ts).
 */

const POLL = /^(Request\.(Test|Testall|Testany|Testsome|Waitany|Waitsome)|Comm\.(Iprobe|Probe|Improbe|Mprobe)|Prequest\.Test|Win\.Test|File\.Test)$/;
const LOCK = /^Win\.(Lock|Lock_all|Unlock|Unlock_all)$/;
const ACQUIRE = /^Win\.(Lock|Lock_all)$/;
/** Marks a lock grant: DPOR races it with the previous grant to another rank (Flanagan–Godefroid). */
export const ACQUIRE_TOUCH: Touch = { obj: "rma-acquire", mode: TouchMode.Write, lo: 0, hi: Infinity };
export const ANY: Touch = { obj: "*", mode: TouchMode.Write, lo: 0, hi: Infinity };

const WIN_SYNC = /^Win\./;

/** The shape of core/rma's operation that the footprint reads (kept loose: RMA owns it). */
interface RmaOpLike {
  name: string;
  origin: number;
  target: number;
  data: unknown;
  obuf: { buffer: ArrayBufferLike; spanStart: number; byteLength: number; isNull?: boolean } | null;
  rbuf: { buffer: ArrayBufferLike; spanStart: number; byteLength: number; isNull?: boolean } | null;
  op: { name?: string } | null;
  tgt: { buffer: ArrayBufferLike; start: number; end: number };
}

/**
 * An RMA apply event's footprint, from the operation itself: the target bytes (read for Get and
 * Get_accumulate with NO_OP, written otherwise; accumulates are kept dependent, which is sound),
 * the origin buffer it reads, the result buffer it writes, and "an op of r completed" for both
 * ranks, which their synchronisation calls read.
 */
function rmaTouches(op: RmaOpLike, world: World): Touch[] {
  const out: Touch[] = [];
  const reads = op.name === "Get" || (op.name === "Get_accumulate" && op.op?.name === "NO_OP");
  out.push({ obj: world.memName(op.tgt.buffer, op.target), mode: reads ? TouchMode.Read : TouchMode.Write, lo: op.tgt.start, hi: op.tgt.end });
  if (op.obuf && !op.obuf.isNull && !op.data) out.push({ obj: world.memName(op.obuf.buffer, op.origin), mode: TouchMode.Read, lo: op.obuf.spanStart, hi: op.obuf.spanStart + op.obuf.byteLength });
  if (op.rbuf && !op.rbuf.isNull) out.push({ obj: world.memName(op.rbuf.buffer, op.origin), mode: TouchMode.Write, lo: op.rbuf.spanStart, hi: op.rbuf.spanStart + op.rbuf.byteLength });
  out.push({ obj: `rma-done:${op.origin}`, mode: TouchMode.Add, lo: 0, hi: Infinity });
  out.push({ obj: `rma-done:${op.target}`, mode: TouchMode.Add, lo: 0, hi: Infinity });
  return out;
}

/** Touches the scheduler knows before firing `ev` (set as the start of world.footprint). */
export function preTouches(ev: SimEvent, world?: World): Touch[] {
  if (ev.kind === EventKind.RmaApply && world) {
    try {
      return rmaTouches(ev.data as RmaOpLike, world);
    } catch {
      return [ANY];
    }
  }
  if (ev.kind !== EventKind.Resume) return [];
  const st = ev.data as RankState;
  const r = st.rank;
  const out: Touch[] = [{ obj: `rank:${r}`, mode: TouchMode.Write, lo: 0, hi: Infinity }];
  const call = st.pending?.call ?? "";
  if (POLL.test(call)) {
    out.push({ obj: `done:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity });
    out.push({ obj: `match:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity });
  }
  if (LOCK.test(call)) out.push({ obj: "rma-locks", mode: TouchMode.Write, lo: 0, hi: Infinity });
  if (ACQUIRE.test(call)) out.push(ACQUIRE_TOUCH);
  if (WIN_SYNC.test(call)) out.push({ obj: `rma-done:${r}`, mode: TouchMode.Read, lo: 0, hi: Infinity });
  return out;
}

/** Close a fired event's footprint: subsystems that said nothing are assumed to touch everything. */
export function closeFootprint(ev: SimEvent, touches: Touch[]): Touch[] {
  if (ev.kind !== EventKind.Resume && ev.kind !== EventKind.Deliver && touches.length === 0) touches.push(ANY);
  return compact(touches);
}

/** Merge touches of one object and mode whose ranges overlap or abut (loops of element stores). */
export function compact(ts: Touch[]): Touch[] {
  if (ts.length < 2) return ts;
  const sorted = [...ts].sort((a, b) => (a.obj < b.obj ? -1 : a.obj > b.obj ? 1 : a.mode - b.mode || a.lo - b.lo));
  const out: Touch[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last && last.obj === t.obj && last.mode === t.mode && t.lo <= last.hi) {
      if (t.hi > last.hi) out[out.length - 1] = { ...last, hi: t.hi };
    } else out.push(t);
  }
  return out;
}

function clash(a: Touch, b: Touch): boolean {
  if (a.obj !== b.obj && a.obj !== "*" && b.obj !== "*") return false;
  if (a.mode === b.mode && a.mode !== TouchMode.Write) return false;
  return a.lo < b.hi && b.lo < a.hi;
}

/** Do two footprints conflict? */
export function conflicts(a: readonly Touch[], b: readonly Touch[]): boolean {
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) if (clash(a[i], b[j])) return true;
  return false;
}

/** Start recording the footprint of the event about to fire. */
export function beginFootprint(world: World, ev: SimEvent): void {
  world.footprint = preTouches(ev, world);
}

/** Stop recording and return the fired event's footprint. */
export function endFootprint(world: World, ev: SimEvent): Touch[] {
  const f = world.footprint ?? [];
  world.footprint = null;
  return closeFootprint(ev, f);
}
