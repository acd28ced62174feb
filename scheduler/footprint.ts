import { EventKind, type SimEvent } from "../core/events.ts";
import { TouchMode, type RankState, type Touch, type World } from "../core/world.ts";

import { EVERYTHING, callDecl } from "../core/footprint-decl.ts";

/**
 * Footprints: what one fired event touched, and the dependency relation DPOR reduces by.
 *
 * Nothing here is guessed from call names or core's private objects: what an event touches is
 * declared by its owner —
 * - while it fires, through `world.touch` (messages, receives, wildcard matching, request
 *   completions, buffers, window bytes, lock tables, file ranges);
 * - before it fires: a blocking call's declaration (core/footprint-decl.ts: polls read `done:r`
 *   and `match:r`, RMA synchronisation reads `rma-done:r`), and an event owner's `touches(ev)`
 *   (an RMA apply's target, origin and result bytes).
 * The scheduler adds what only it knows: a resume of rank r writes `rank:r` (a rank's segments are
 * in program order); and an event of a kind whose owner reports nothing touches `*`: dependent
 * with everything, which is always sound (only less reduction).
 * Two events are dependent when their footprints conflict (same object, overlapping bytes, not
 * both reads, not both commutative adds) or when firing one disabled the other (scheduler/dpor.ts).
 */

export const ANY: Touch = EVERYTHING;

/** Is `obj` a lock grant's mark (DPOR races a grant with the previous conflicting grant to another rank)? */
export function isAcquire(t: Touch): boolean {
  return t.obj.startsWith("acquire:");
}

/** Touches known before firing `ev` (set as the start of world.footprint). */
export function preTouches(ev: SimEvent): Touch[] {
  if (ev.kind !== EventKind.Resume) {
    if (!ev.owner.touches) return [];
    try {
      return ev.owner.touches(ev);
    } catch {
      return [ANY];
    }
  }
  const st = ev.data as RankState;
  const r = st.rank;
  const out: Touch[] = [{ obj: `rank:${r}`, mode: TouchMode.Write, lo: 0, hi: Infinity }];
  if (st.pending) out.push(...callDecl(st.pending.call).touches(r));
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
    if (last && last.obj === t.obj && last.mode === t.mode && last.group === t.group && t.lo <= last.hi) {
      if (t.hi > last.hi) out[out.length - 1] = { ...last, hi: t.hi };
    } else out.push(t);
  }
  return out;
}

function clash(a: Touch, b: Touch): boolean {
  if (a.obj !== b.obj && a.obj !== "*" && b.obj !== "*") return false;
  if (a.group !== undefined && a.group === b.group) return false;
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
  world.footprint = preTouches(ev);
}

/** Stop recording and return the fired event's footprint. */
export function endFootprint(world: World, ev: SimEvent): Touch[] {
  const f = world.footprint ?? [];
  world.footprint = null;
  return closeFootprint(ev, f);
}
