/**
 * Which happens-before edges a collective creates (MPI-conservative: only what MPI guarantees,
 * i.e. what the data dependencies of the operation force, never what an implementation happens
 * to do). MPI 4.1 §6.14: "a collective operation may or may not have the effect of
 * synchronizing all calling processes", Barrier excepted. So:
 *
 * - all     every member's call happens before every member's return (Barrier; operations whose
 *           result at every member depends on every member's input: Allreduce, Allgather(v),
 *           Alltoall(v), Reduce_scatter(_block), Split (colours of everyone); Win.Free and
 *           Fence, which MPI 4.1 §12.2.5 / §12.5.1 specify as synchronising)
 * - out     the root's call happens before the others' return (Bcast, Scatter(v))
 * - in      the others' calls happen before the root's return (Reduce, Gather(v))
 * - prefix  members 0..i happen before member i's return (Scan); xprefix: 0..i-1 (Exscan)
 * - none    no edge (Dup, Create, Create_cart, window and file creation: collective, but MPI
 *           does not promise that they synchronise)
 *
 * One deliberate exception: File.Close counts as "all". MPI 4.1 §14.6.1 has Close imply a Sync
 * and SPEC §3 makes "close/open" one of the two ways a write becomes visible to another rank;
 * a program that closes collectively and then reopens relies on the close having happened
 * everywhere first, which every MPI-IO implementation's Close provides.
 */
export type EdgeShape = "all" | "out" | "in" | "prefix" | "xprefix" | "none";

const SHAPES: Record<string, EdgeShape> = {
  barrier: "all",
  ibarrier: "all",
  allreduce: "all",
  allgather: "all",
  allgatherv: "all",
  alltoall: "all",
  alltoallv: "all",
  alltoallw: "all",
  reduce_scatter: "all",
  reduce_scatter_block: "all",
  split: "all",
  bcast: "out",
  scatter: "out",
  scatterv: "out",
  reduce: "in",
  gather: "in",
  gatherv: "in",
  scan: "prefix",
  exscan: "xprefix",
  fence: "all",
  "win.fence": "all",
  "win.free": "all",
  "file.close": "all",
};

/** Shapes by the records' own spelling of the kind, worked out once per spelling. */
const BY_KIND = new Map<string, EdgeShape>();

export function edgeShape(kind: string): EdgeShape {
  let shape = BY_KIND.get(kind);
  if (shape === undefined) {
    const k = kind.toLowerCase();
    // A non-blocking collective (Ibcast, Igather, …) has its blocking twin's data dependencies.
    shape = SHAPES[k] ?? (k.startsWith("i") ? SHAPES[k.slice(1)] : undefined) ?? "none";
    BY_KIND.set(kind, shape);
  }
  return shape;
}
