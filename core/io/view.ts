/**
 * File views (MPI 4.1 §14.3): a displacement, an etype and a filetype tiled from the displacement
 * on. A view turns the data a process reads or writes — a stream of bytes, positioned in etypes —
 * into absolute file byte ranges. The filetype is flattened once into merged runs, so an access
 * costs O(runs it touches): a block of rows of a large subarray is one range, never one per element.
 */
import { show } from "../args.ts";
import { MPIException } from "../errors.ts";
import { BYTE, Datatype, segments } from "../datatype/index.ts";

export class FileView {
  /** Run k of one filetype instance: file bytes [off[k], off[k] + len[k]) from the instance origin. */
  private readonly off: Float64Array;
  private readonly len: Float64Array;
  /** Data bytes of one instance before run k. */
  private readonly before: Float64Array;
  /** Data bytes in one filetype instance. */
  readonly ftSize: number;
  /** Distance between instances (the filetype's extent). */
  readonly ftExtent: number;
  /** The tiled filetype covers the file without holes from its first byte on. */
  readonly contiguous: boolean;

  private constructor(
    readonly disp: number,
    readonly etype: Datatype,
    readonly filetype: Datatype,
    runs: { offsets: Float64Array; lengths: Float64Array; count: number },
  ) {
    this.off = runs.offsets;
    this.len = runs.lengths;
    this.before = new Float64Array(runs.count);
    let acc = 0;
    for (let k = 0; k < runs.count; k++) {
      this.before[k] = acc;
      acc += runs.lengths[k];
    }
    this.ftSize = acc;
    this.ftExtent = filetype.extent;
    this.contiguous = runs.count === 1 && runs.lengths[0] === filetype.extent;
  }

  /** The view every file starts with: displacement 0, etype and filetype BYTE. */
  static readonly DEFAULT = FileView.make(0, BYTE, BYTE, "File.Open");

  /**
   * Check and build a view. Errors (MPI 4.1 §14.3): negative displacement → ERR_ARG; an etype or
   * filetype that is not a committed datatype, a filetype whose size is not a multiple of the
   * etype's, or whose tiled typemap has a negative or decreasing displacement → ERR_TYPE. §14.3:
   * "the displacements in the typemap of the filetype are not required to be distinct, but they
   * must be non-negative and monotonically nondecreasing", and "if the file is opened for
   * writing, neither the etype nor the filetype is permitted to contain overlapping regions" — so
   * overlapping data (within a filetype or between its tiles) is refused only when `writable`.
   * (Open MPI 4.1 checks neither tiling rule; a recorded deviation, docs/fidelity.md.)
   */
  static make(disp: number, etype: Datatype, filetype: Datatype, call: string, writable = true): FileView {
    if (typeof disp !== "number" || !Number.isSafeInteger(disp)) throw new MPIException("ERR_ARG", `disp must be an integer, got ${show(disp)}`, call);
    if (disp < 0) throw new MPIException("ERR_ARG", `negative view displacement ${disp}`, call);
    for (const [what, t] of [["etype", etype], ["filetype", filetype]] as const) {
      if (!(t instanceof Datatype)) throw new MPIException("ERR_TYPE", `${what} must be a Datatype, got ${show(t)}`, call);
      t.usable(call);
      if (!t.committed) throw new MPIException("ERR_TYPE", `${what} ${t.describe()} is not committed; call Commit() before Set_view`, call);
    }
    if (etype.size <= 0) throw new MPIException("ERR_TYPE", `etype ${etype.describe()} has size 0`, call);
    if (filetype.size <= 0) throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} holds no data (size 0)`, call);
    if (filetype.size % etype.size !== 0) {
      throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} (size ${filetype.size}) is not built of whole etypes ${etype.describe()} (size ${etype.size})`, call);
    }
    if (filetype.extent <= 0) throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} has extent ${filetype.extent}; it cannot be tiled`, call);
    const runs = segments(filetype, 1, 0);
    // Merged runs hide where their last basic entry starts; it is at least `unit` before the end
    // (exact when the filetype is built of one basic type).
    const unit = smallestUnit(filetype);
    let end = -Infinity;
    const check = (o: number, where: string): void => {
      if (o < 0) throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} has a negative displacement (byte ${o}); MPI requires them non-negative (MPI 4.1 §14.3)`, call);
      if (o < end - unit) {
        throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} has displacements that go backwards${where} (byte ${o} after data up to ${end}); MPI requires them monotonically nondecreasing (MPI 4.1 §14.3)`, call);
      }
      if (writable && o < end) {
        throw new MPIException("ERR_TYPE", `filetype ${filetype.describe()} has overlapping regions${where} (byte ${o} after data up to ${end}), which a file opened for writing does not allow (MPI 4.1 §14.3)`, call);
      }
    };
    for (let k = 0; k < runs.count; k++) {
      check(runs.offsets[k], "");
      end = runs.offsets[k] + runs.lengths[k];
    }
    check(runs.offsets[0] + filetype.extent, ` when tiled (extent ${filetype.extent})`);
    return new FileView(disp, etype, filetype, runs);
  }

  /** Run index holding instance-relative data byte r (0 ≤ r < ftSize). */
  private runAt(r: number): number {
    let lo = 0;
    let hi = this.off.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.before[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Absolute file byte ranges of view data bytes [k, k + n), in stream order, merged, as a flat
   * [start0, end0, start1, end1, …]. Starts are nondecreasing (Set_view checked monotonicity);
   * the ranges are disjoint unless the file is read-only and the filetype overlaps itself.
   */
  ranges(k: number, n: number): number[] {
    if (n <= 0) return [];
    if (this.contiguous) {
      const s = this.disp + this.off[0] + k;
      return [s, s + n];
    }
    const out: number[] = [];
    let i = Math.floor(k / this.ftSize);
    let r = k - i * this.ftSize;
    let j = this.runAt(r);
    let left = n;
    const runs = this.off.length;
    while (left > 0) {
      const into = r - this.before[j];
      const s = this.disp + i * this.ftExtent + this.off[j] + into;
      const take = Math.min(left, this.len[j] - into);
      const last = out.length - 1;
      if (last > 0 && out[last] === s) out[last] = s + take;
      else out.push(s, s + take);
      left -= take;
      r += take;
      if (++j === runs) {
        j = 0;
        i++;
        r = 0;
      }
    }
    return out;
  }

  /** MPI_File_get_byte_offset: the absolute file byte of view data byte k. */
  byteOf(k: number): number {
    if (this.contiguous) return this.disp + this.off[0] + k;
    const i = Math.floor(k / this.ftSize);
    const r = k - i * this.ftSize;
    const j = this.runAt(r);
    return this.disp + i * this.ftExtent + this.off[j] + (r - this.before[j]);
  }

  /** How many view data bytes lie below file byte `size` (where end of file is, seen through the view). */
  bytesBelow(size: number): number {
    const rel = size - this.disp;
    if (rel <= 0) return 0;
    let total = 0;
    for (let j = 0; j < this.off.length; j++) {
      const o = this.off[j];
      const l = this.len[j];
      if (rel <= o) continue;
      const full = Math.max(0, Math.floor((rel - o - l) / this.ftExtent) + 1);
      total += full * l + Math.min(l, Math.max(0, rel - full * this.ftExtent - o));
    }
    return total;
  }
}

/** The shortest run of data any basic type of t has (its smallest possible basic entry). */
function smallestUnit(t: Datatype): number {
  let u = Infinity;
  for (const b of t.basicTypes()) {
    for (let j = 1; j < b.unitRuns.length; j += 2) u = Math.min(u, b.unitRuns[j]);
  }
  return u === Infinity ? 1 : u;
}
