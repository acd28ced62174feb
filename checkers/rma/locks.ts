import type { EpochRecord } from "../../core/rma/records.ts";
import type { LockInfo } from "./model.ts";

/**
 * The passive-target lock epochs each rank holds (from `epoch` records), for lockset-style
 * mutual exclusion: Lock(target, type) … Unlock(target), and Lock_all (shared on every target).
 */
export class LockState {
  /** per rank: win → target → lock */
  private held: Map<string, Map<number, LockInfo>>[];
  /** per rank: win → Lock_all epoch */
  private all: Map<string, LockInfo>[];
  private nextId = 1;

  constructor(size: number) {
    this.held = Array.from({ length: size }, () => new Map());
    this.all = Array.from({ length: size }, () => new Map());
  }

  onEpoch(rec: EpochRecord): void {
    const r = rec.rank;
    const win = rec.win;
    // Lock and Unlock records always name their target (core/rma/sync.ts).
    const target = rec.target ?? -1;
    switch (rec.kind) {
      case "lock": {
        let m = this.held[r].get(win);
        if (m === undefined) this.held[r].set(win, (m = new Map()));
        m.set(target, { win, exclusive: rec.lockType === "exclusive", id: this.nextId++ });
        return;
      }
      case "unlock":
        this.held[r].get(win)?.delete(target);
        return;
      case "lock_all":
        this.all[r].set(win, { win, exclusive: false, id: this.nextId++ });
        return;
      case "unlock_all":
        this.all[r].delete(win);
        return;
    }
  }

  /** The lock epoch rank r is in on (win, target), if any. */
  of(r: number, win: string, target: number): LockInfo | null {
    const h = this.held[r];
    if (h.size > 0) {
      const l = h.get(win)?.get(target);
      if (l !== undefined) return l;
    }
    const a = this.all[r];
    return a.size > 0 ? (a.get(win) ?? null) : null;
  }

  forget(win: string): void {
    for (const h of this.held) h.delete(win);
    for (const a of this.all) a.delete(win);
  }
}
