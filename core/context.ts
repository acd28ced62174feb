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
  /**
   * Open collective slots and their sequence numbers: a few at a time, so two lists scanned, made
   * at the first collective (a Map per communicator per run, set and emptied at every collective,
   * reallocated its table each time).
   */
  private slotSeqs: number[] | null = null;
  private slotItems: unknown[] | null = null;
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

  /** The open collective slot of sequence number `seq`, if any. */
  slot(seq: number): unknown {
    const seqs = this.slotSeqs;
    if (seqs !== null) for (let i = 0; i < seqs.length; i++) if (seqs[i] === seq) return this.slotItems![i];
    return undefined;
  }

  openSlot(seq: number, slot: unknown): void {
    (this.slotSeqs ??= []).push(seq);
    (this.slotItems ??= []).push(slot);
  }

  closeSlot(seq: number): void {
    const seqs = this.slotSeqs;
    if (seqs === null) return;
    const items = this.slotItems!;
    const i = seqs.indexOf(seq);
    if (i < 0) return;
    // The last one into its place (the order of open slots means nothing); pop() keeps the storage.
    const last = seqs.length - 1;
    seqs[i] = seqs[last];
    items[i] = items[last];
    seqs.pop();
    items.pop();
  }

  localRank(worldRank: number): number {
    if (this.toLocal === null) return worldRank < this.group.length ? worldRank : -1;
    return this.toLocal.get(worldRank) ?? -1;
  }

  worldRank(localRank: number): number {
    return this.group[localRank];
  }
}
