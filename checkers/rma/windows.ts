/**
 * Which buffers are window memory, and the shadow (who accessed which bytes) of each. A local
 * load or store, or an RMA operation's target access, is only judged on window memory.
 */
import type { WinCreateRecord, WinRegionRecord } from "../../core/rma/records.ts";
import { Shadow } from "./shadow.ts";

/** A window's memory at one member: bytes [lo, hi) of buffer `buf`. */
export interface Exposed {
  win: string;
  rank: number;
  lo: number;
  hi: number;
}

export class WindowMemory {
  private readonly exposed = new Map<string, Exposed[]>();
  private readonly shadows = new Map<string, Shadow>();

  /** A member's memory joins a window (its creation, or an Attach to a dynamic window). */
  expose(rec: WinCreateRecord | WinRegionRecord): void {
    const buf = rec.buf;
    const size = rec.size;
    if (!buf || size <= 0) return;
    const base = rec.base;
    const list = this.exposed.get(buf);
    const e: Exposed = { win: rec.win, rank: rec.rank, lo: base, hi: base + size };
    if (list === undefined) this.exposed.set(buf, [e]);
    else list.push(e);
  }

  /**
   * Rank `rank`'s memory leaves window `win` (Free: all of it; Detach: buffer `buf`). Calls
   * `dropped` for each buffer that is no window memory any more (its shadow is gone too).
   */
  unexpose(win: string, rank: number, buf: string | undefined, dropped: (buf: string) => void): void {
    for (const [b, list] of this.exposed) {
      if (buf !== undefined && b !== buf) continue;
      const keep = list.filter((e) => !(e.win === win && e.rank === rank));
      if (keep.length === list.length) continue;
      if (keep.length === 0) {
        this.exposed.delete(b);
        this.shadows.delete(b);
        dropped(b);
      } else this.exposed.set(b, keep);
    }
  }

  /** The window memory that bytes [lo, hi) of `buf` fall in, if any. */
  where(buf: string, lo: number, hi: number): Exposed | null {
    const list = this.exposed.get(buf);
    if (list === undefined) return null;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (lo < e.hi && hi > e.lo) return e;
    }
    return null;
  }

  shadow(buf: string): Shadow {
    let s = this.shadows.get(buf);
    if (s === undefined) {
      s = new Shadow();
      this.shadows.set(buf, s);
    }
    return s;
  }
}
