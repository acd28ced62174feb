import type { EpochRecord } from "../../core/rma/records.ts";
import type { LockInfo } from "./model.ts";

/**
 * The passive-target lock epochs each rank holds (from `epoch` records), for lockset-style
 * mutual exclusion: Lock(target, type) … Unlock(target), and Lock_all (shared on every target).
 */
export class LockState {
  /**
   * per rank: win → target → lock, null once unlocked (made at the rank's first lock: most runs
   * lock on few ranks). An unlocked target keeps its slot: a lock loop deleting and re-adding it
   * made the small map give back and regrow its table every epoch.
   */
  private held: (Map<string, Map<number, LockInfo | null>> | undefined)[];
  /** per rank: win → Lock_all epoch (made at its first Lock_all) */
  private all: (Map<string, LockInfo> | undefined)[];
  private nextId = 1;

  constructor(size: number) {
    this.held = new Array(size).fill(undefined);
    this.all = new Array(size).fill(undefined);
  }

  onEpoch(rec: EpochRecord): void {
    const kind = rec.kind;
    if (kind !== "lock" && kind !== "unlock" && kind !== "lock_all" && kind !== "unlock_all") return;
    const r = rec.rank;
    const win = rec.win;
    // Lock and Unlock records always name their target (core/rma/sync.ts).
    const target = rec.target ?? -1;
    switch (kind) {
      case "lock": {
        const h = (this.held[r] ??= new Map());
        let m = h.get(win);
        if (m === undefined) h.set(win, (m = new Map()));
        m.set(target, { win, exclusive: rec.lockType === "exclusive", id: this.nextId++ });
        return;
      }
      case "unlock": {
        const m = this.held[r]?.get(win);
        if (m !== undefined && m.has(target)) m.set(target, null);
        return;
      }
      case "lock_all":
        (this.all[r] ??= new Map()).set(win, { win, exclusive: false, id: this.nextId++ });
        return;
      case "unlock_all":
        this.all[r]?.delete(win);
        return;
    }
  }

  /** The lock epoch rank r is in on (win, target), if any. */
  of(r: number, win: string, target: number): LockInfo | null {
    const h = this.held[r];
    if (h !== undefined && h.size > 0) {
      const l = h.get(win)?.get(target);
      if (l !== undefined && l !== null) return l;
    }
    const a = this.all[r];
    return a !== undefined && a.size > 0 ? (a.get(win) ?? null) : null;
  }

  forget(win: string): void {
    for (const h of this.held) h?.delete(win);
    for (const a of this.all) a?.delete(win);
  }
}
