/**
 * A communicator's shared state (one per communicator, shared by its members' Comm handles):
 * the group, a stable id derived from how it was created, and per-member collective counters.
 */
export interface CartTopology {
  dims: number[];
  periods: boolean[];
}

export class CommContext {
  /** Collective call counter per member (local rank): the k-th collective call of each member meets in slot k. */
  readonly collSeq: Int32Array;
  /** Open collective slots by sequence number. */
  readonly slots = new Map<number, unknown>();
  /** Members that have freed their handle. */
  readonly freed: Uint8Array;
  /** local rank -> world rank */
  readonly group: readonly number[];
  /** world rank -> local rank (undefined when not a member) */
  private readonly toLocal: Map<number, number> | null;
  name: string;

  constructor(
    /** Stable id derived from the parent's id and collective slot ("w", "w.3", "w.3.c1"). */
    readonly id: string,
    group: readonly number[],
    name: string,
    readonly cart: CartTopology | null = null,
  ) {
    this.group = group;
    this.name = name;
    this.collSeq = new Int32Array(group.length);
    this.freed = new Uint8Array(group.length);
    let identity = true;
    for (let i = 0; i < group.length; i++) if (group[i] !== i) identity = false;
    this.toLocal = identity ? null : new Map(group.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.group.length;
  }

  localRank(worldRank: number): number {
    if (this.toLocal === null) return worldRank < this.group.length ? worldRank : -1;
    return this.toLocal.get(worldRank) ?? -1;
  }

  worldRank(localRank: number): number {
    return this.group[localRank];
  }
}
