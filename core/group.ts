import { IDENT, PROC_NULL, SIMILAR, UNDEFINED, UNEQUAL } from "./constants.ts";
import { MPIException, type ErrorClass } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import { localMistake, show } from "./args.ts";
import type { World } from "./world.ts";

/** mpi4py's MPI.Group: an ordered set of world ranks, seen from one member (or non-member). */
export class Group {
  constructor(
    /** local rank -> world rank */
    readonly members: readonly number[],
    /** World rank of the process holding the handle. */
    readonly holder: number,
    /** The world whose diagnostics a mistake with this group goes to (absent for GROUP_EMPTY). */
    readonly world?: World,
  ) {}

  /** The handle's id in alloc/free records (resource-leak), when a running rank made it. */
  handle: string | undefined;
  /** Group.Free was called: MPI 4.1 §7.3.3 sets the handle to MPI_GROUP_NULL, unusable after. */
  freed = false;

  /** A new handle made by the holder's call (MPI 4.1 §7.3: each one must be freed). */
  static made(members: readonly number[], holder: number, world: World, call: string): Group {
    const g = new Group(members, holder, world);
    if (world.current === holder) g.handle = world.groupMade(holder, call);
    return g;
  }

  /** ERR_GROUP for a freed handle (MPI_GROUP_NULL after Group.Free). */
  private live(call: string): void {
    if (this.freed) this.fail("ERR_GROUP", "the group was freed (Group.Free sets it to MPI_GROUP_NULL)", call);
  }

  Get_size(): number {
    this.live("Group.Get_size");
    return this.members.length;
  }
  get size(): number {
    return this.members.length;
  }
  Get_rank(): number {
    this.live("Group.Get_rank");
    const i = this.members.indexOf(this.holder);
    return i < 0 ? UNDEFINED : i;
  }
  get rank(): number {
    return this.Get_rank();
  }

  /** A user's mistake: an mpi-error of the calling rank when the group knows its world. */
  private fail(errorClass: ErrorClass, message: string, call: string): never {
    throw localMistake(this.world, this.holder, errorClass, message, call);
  }

  private derive(members: readonly number[], call: string): Group {
    this.live(call);
    return this.world ? Group.made(members, this.holder, this.world, call) : new Group(members, this.holder);
  }

  private other(g: unknown, call: string): Group {
    this.live(call);
    if (g instanceof Group) {
      if (g.freed) this.fail("ERR_GROUP", "the other group was freed (Group.Free sets it to MPI_GROUP_NULL)", call);
      return g;
    }
    return this.fail("ERR_GROUP", `expected an MPI.Group, got ${show(g)}`, call);
  }

  /** Distinct ranks of this group (MPI 4.1 §7.3.2: Incl/Excl ranks must be valid and distinct). */
  private check(ranks: unknown, call: string): readonly number[] {
    if (!Array.isArray(ranks)) return this.fail("ERR_ARG", `ranks must be an array of integers, got ${show(ranks)}`, call);
    const seen = new Set<number>();
    for (const r of ranks as unknown[]) {
      if (typeof r !== "number" || !Number.isInteger(r) || r < 0 || r >= this.members.length) this.fail("ERR_RANK", `rank ${show(r)} is not in a group of size ${this.members.length}`, call);
      if (seen.has(r as number)) this.fail("ERR_RANK", `rank ${r} appears twice`, call);
      seen.add(r as number);
    }
    return ranks as number[];
  }

  Incl(ranks: readonly number[]): Group {
    const rs = this.check(ranks, "Group.Incl");
    return this.derive(rs.map((r) => this.members[r]), "Group.Incl");
  }
  Excl(ranks: readonly number[]): Group {
    const out = new Set(this.check(ranks, "Group.Excl"));
    return this.derive(this.members.filter((_, i) => !out.has(i)), "Group.Excl");
  }
  Range_incl(ranges: readonly [number, number, number][]): Group {
    return this.Incl(this.expandRanges(ranges, "Group.Range_incl"));
  }
  Range_excl(ranges: readonly [number, number, number][]): Group {
    return this.Excl(this.expandRanges(ranges, "Group.Range_excl"));
  }

  /**
   * Ranks of this group's `ranks` in `other` (UNDEFINED where absent; PROC_NULL stays PROC_NULL,
   * MPI 4.1 §7.3.1). mpi4py 3 spells it as a class method, Group.Translate_ranks(g1, ranks, g2):
   * both forms work.
   */
  Translate_ranks(ranks?: readonly number[] | null, other?: Group | null): number[] {
    const call = "Group.Translate_ranks";
    this.live(call);
    const to = other == null ? null : this.other(other, call);
    if (ranks != null && !Array.isArray(ranks)) this.fail("ERR_ARG", `ranks must be an array of integers, got ${show(ranks)}`, call);
    const rs = ranks ?? this.members.map((_, i) => i);
    return rs.map((r) => {
      if (r === PROC_NULL) return PROC_NULL;
      if (!Number.isInteger(r) || r < 0 || r >= this.members.length) this.fail("ERR_RANK", `rank ${show(r)} is not in a group of size ${this.members.length}`, call);
      if (!to) return r;
      const i = to.members.indexOf(this.members[r]);
      return i < 0 ? UNDEFINED : i;
    });
  }
  static Translate_ranks(group1: Group, ranks?: readonly number[] | null, group2?: Group | null): number[] {
    if (!(group1 instanceof Group)) throw new MPIException("ERR_GROUP", `expected an MPI.Group, got ${show(group1)}`, "Group.Translate_ranks", -1, currentCallLoc());
    return group1.Translate_ranks(ranks, group2);
  }
  Union(other: Group): Group {
    const o = this.other(other, "Group.Union");
    return this.derive([...this.members, ...o.members.filter((m) => !this.members.includes(m))], "Group.Union");
  }
  Intersection(other: Group): Group {
    const o = this.other(other, "Group.Intersection");
    return this.derive(this.members.filter((m) => o.members.includes(m)), "Group.Intersection");
  }
  Difference(other: Group): Group {
    const o = this.other(other, "Group.Difference");
    return this.derive(this.members.filter((m) => !o.members.includes(m)), "Group.Difference");
  }
  static Union(a: Group, b: Group): Group {
    return a.Union(b);
  }
  static Intersection(a: Group, b: Group): Group {
    return a.Intersection(b);
  }
  static Difference(a: Group, b: Group): Group {
    return a.Difference(b);
  }
  Compare(other: Group): number {
    const o = this.other(other, "Group.Compare");
    if (this.members.length === o.members.length && this.members.every((m, i) => m === o.members[i])) return IDENT;
    if (this.members.length === o.members.length && this.members.every((m) => o.members.includes(m))) return SIMILAR;
    return UNEQUAL;
  }
  static Compare(a: Group, b: Group): number {
    return a.Compare(b);
  }
  /** MPI 4.1 §7.3.3: a group handle made by a call must be freed once; a second Free is ERR_GROUP. */
  Free(): void {
    this.live("Group.Free");
    this.freed = true;
    if (this.world && this.handle !== undefined) this.world.groupFreed(this.holder, this.handle);
  }

  private expandRanges(ranges: readonly [number, number, number][], call: string): number[] {
    if (!Array.isArray(ranges)) this.fail("ERR_ARG", `ranges must be an array of [first, last, stride] triples, got ${show(ranges)}`, call);
    const out: number[] = [];
    for (const t of ranges) {
      if (!Array.isArray(t) || t.length !== 3 || !t.every((x) => Number.isInteger(x))) this.fail("ERR_ARG", `a range must be [first, last, stride] integers, got ${show(t)}`, call);
      const [first, last, stride] = t;
      if (stride === 0) this.fail("ERR_ARG", "range stride 0", call);
      // Each rank of a range must be in the group: this also bounds the loop.
      for (const end of [first, last]) {
        if (end < 0 || end >= this.members.length) this.fail("ERR_RANK", `range [${first}, ${last}, ${stride}] leaves a group of size ${this.members.length}`, call);
      }
      for (let r = first; stride > 0 ? r <= last : r >= last; r += stride) out.push(r);
    }
    return out;
  }
}
