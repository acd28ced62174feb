/**
 * Scheduler events and the enabled set.
 *
 * An event's identity comes from the program's own structure — the rank that caused it, what kind
 * of event it is, and that rank's own counter for such things (call index, message index, RMA op
 * index) — never from object identity or timing, so a schedule written as event identities
 * replays on any machine.
 */

/** The kinds of scheduler events (SPEC §3). */
export const EventKind = {
  /** Resume rank r: its pending call can complete (includes lock grants and collective exits). */
  Resume: 0,
  /** Deliver a message (match a send to a posted receive and copy the data). */
  Deliver: 1,
  /** Apply one pending RMA operation at its target. */
  RmaApply: 2,
  /** Make a file write visible / perform a file operation. */
  FileOp: 3,
  /** Complete a request or operation that is not tied to a rank resuming. */
  Complete: 4,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

export const EVENT_KIND_NAMES = ["resume", "deliver", "rma", "file", "complete"] as const;

import type { Touch } from "./world.ts";

/** Something that knows how to carry out its events. */
export interface EventOwner {
  /** Carry the event out (World.fire calls it, after taking the event out of the enabled set). */
  fire(ev: SimEvent): void;
  /**
   * What firing `ev` will touch that the owner knows beforehand (its footprint for DPOR; see
   * core/footprint-decl.ts for calls). More may be added through World.touch while it fires; an
   * owner that declares nothing and touches nothing is taken to touch everything (always sound).
   */
  touches?(ev: SimEvent): Touch[];
  /** Short human description of the event, for logs and the TUI. */
  describe(ev: SimEvent): string;
}

export class SimEvent {
  // Fields are declared (type only) and set in the constructor, not class fields or parameter
  // properties: under ES2022 class fields each would first be defined as undefined and then
  // assigned (two stores per field per event, and the undefined made V8 keep every field as a
  // tagged value, a number in a box of its own). Same fields, same order as before.
  declare readonly kind: EventKind;
  /** The rank whose action created the event (the sender of a message, the origin of an RMA op). */
  declare readonly rank: number;
  /** That rank's own counter for this kind of action. */
  declare readonly seq: number;
  declare readonly owner: EventOwner;
  /** Subsystem data (the message, the RMA op, …). */
  declare readonly data: unknown;
  /** Position in the enabled set's dense array, or -1 when not enabled. */
  declare pos: number;
  /** Enabling stamp: a global counter value when the event was (last) enabled; FIFO order. */
  declare stamp: number;
  /** Its slot in the enabled set's FIFO while enabled (absolute: it survives the FIFO's compaction). */
  declare slot: number;
  declare private keyText: string | undefined;

  constructor(kind: EventKind, rank: number, seq: number, owner: EventOwner, data: unknown) {
    this.kind = kind;
    this.rank = rank;
    this.seq = seq;
    this.owner = owner;
    this.data = data;
    this.pos = -1;
    this.stamp = -1;
    this.slot = -1;
    this.keyText = undefined;
  }

  get enabled(): boolean {
    return this.pos >= 0;
  }

  /** Stable identity as text: "resume:2:7" (made once: DPOR compares keys at every step). */
  get key(): string {
    return (this.keyText ??= `${EVENT_KIND_NAMES[this.kind]}:${this.rank}:${this.seq}`);
  }

  describe(): string {
    return this.owner.describe(this);
  }
}

const OBJECT_SEED: readonly unknown[] = [null];

/**
 * A new empty array whose elements are already of V8's "any object" kind. A `[]` starts with
 * small-integer elements in every run (its allocation site does not learn), so a hot push that
 * was optimized in an earlier run on arrays holding objects meets that kind again and
 * deoptimizes ("not a Smi") at the start of the next run: a run of an exploration or a bench
 * round then spends its first part back in the interpreter. For arrays made per run (or per
 * rank) that hot code pushes objects into.
 */
export function objectArray<T>(): T[] {
  return OBJECT_SEED.slice(0, 0) as T[];
}

/**
 * The set of enabled events. Dense array for O(1) random choice and removal (swap with last),
 * plus a FIFO in enabling order for O(1) amortized "oldest enabled event" — the default choice
 * that schedules are written relative to. Removing an event empties its FIFO slot at once: a fired
 * event left in the FIFO until the head passed it kept its message, requests and buffers alive
 * for as long as the oldest enabled event waited — under a random schedule of thousands of ranks,
 * many times the in-flight set, all of it copied by every scavenge and promoted.
 */
export class EnabledSet {
  readonly items: SimEvent[] = objectArray();
  private queue: (SimEvent | null)[] = objectArray();
  /** The absolute slot number of queue[0]. */
  private base = 0;
  private head = 0;
  private nextStamp = 0;

  get size(): number {
    return this.items.length;
  }

  add(ev: SimEvent): void {
    if (ev.pos >= 0) return;
    ev.pos = this.items.length;
    this.items.push(ev);
    ev.stamp = this.nextStamp++;
    ev.slot = this.base + this.queue.length;
    this.queue.push(ev);
    // Mostly emptied slots (a run that seldom asks for the oldest): keep the FIFO O(enabled).
    if (this.queue.length - this.head > 4 * this.items.length + 4096) this.compact();
  }

  remove(ev: SimEvent): void {
    const pos = ev.pos;
    if (pos < 0) return;
    const last = this.items.pop()!;
    if (last !== ev) {
      this.items[pos] = last;
      last.pos = pos;
    }
    ev.pos = -1;
    this.queue[ev.slot - this.base] = null;
    ev.slot = -1;
  }

  /** The enabled event that has been enabled the longest. */
  oldest(): SimEvent | undefined {
    let q = this.queue;
    let head = this.head;
    while (head < q.length && q[head] === null) head++;
    if (head > 1024 && head * 2 > q.length) {
      q = this.queue = q.slice(head);
      this.base += head;
      head = 0;
    }
    this.head = head;
    return q[head] ?? undefined;
  }

  /** Drop the empty slots, keeping the order (slots renumbered from 0). */
  private compact(): void {
    const q = this.queue;
    const out: SimEvent[] = objectArray();
    for (let i = this.head; i < q.length; i++) {
      const ev = q[i];
      if (ev !== null) {
        ev.slot = out.length;
        out.push(ev);
      }
    }
    this.queue = out;
    this.base = 0;
    this.head = 0;
  }

  /** Find an enabled event by identity (linear; used by replay only at recorded choices). */
  find(kind: EventKind, rank: number, seq: number): SimEvent | undefined {
    for (const ev of this.items) if (ev.kind === kind && ev.rank === rank && ev.seq === seq) return ev;
    return undefined;
  }

  /** The enabled events in canonical order (kind, rank, seq): for display and DPOR, not hot paths. */
  canonical(): SimEvent[] {
    return [...this.items].sort((a, b) => a.rank - b.rank || a.kind - b.kind || a.seq - b.seq);
  }
}
