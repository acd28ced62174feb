/**
 * What the linter knows about the mpi4py-shaped API (SPEC §1–§2): which methods return a Promise,
 * which are collective, which create a handle that must be freed, which RMA calls open and close
 * epochs. Names are mpi4py's, so matching on them is reliable enough for a lint; where one name
 * means different things on different objects (`Free`, `Start`, `Sync`, `Wait`) the receiver's
 * kind (resolve.ts) decides.
 */

/** What kind of MPI handle an expression holds, as far as the linter can tell. */
export type HandleKind = "win" | "file" | "prequest" | "request" | "datatype" | "comm" | "unknown";

/** Methods that return a Promise whatever they are called on. */
export const PROMISE_METHODS = new Set([
  // point-to-point
  "Send", "Ssend", "Bsend", "Rsend", "Recv", "Sendrecv", "Sendrecv_replace", "Probe", "Iprobe",
  "send", "ssend", "bsend", "recv", "sendrecv", "probe", "iprobe",
  // requests
  "Waitall", "Waitany", "Waitsome", "Testall", "Testany", "Testsome", "waitall", "waitany", "testall",
  // collectives
  "Barrier", "Bcast", "Reduce", "Allreduce", "Gather", "Gatherv", "Scatter", "Scatterv", "Allgather",
  "Allgatherv", "Alltoall", "Alltoallv", "Scan", "Exscan", "Reduce_scatter_block", "Reduce_scatter",
  "barrier", "bcast", "gather", "scatter", "allgather", "alltoall", "reduce", "allreduce", "scan", "exscan",
  "Split", "Create_cart", "Abort",
  // RMA synchronisation and window creation
  "Fence", "Lock", "Unlock", "Lock_all", "Unlock_all", "Flush", "Flush_all", "Flush_local",
  "Flush_local_all", "Post", "Complete", "Allocate", "Create_dynamic", "Allocate_shared",
  // MPI-IO
  "Open", "Close", "Delete", "Set_view", "Read", "Read_all", "Read_at", "Read_at_all", "Write",
  "Write_all", "Write_at", "Write_at_all", "Read_shared", "Write_shared", "Read_ordered",
  "Write_ordered", "Seek_shared", "Set_size", "Preallocate", "Set_atomicity",
]);

/** Names whose result is a Promise only on some receivers. */
export const PROMISE_ON: Record<string, readonly HandleKind[]> = {
  Free: ["win"],
  Start: ["win"],
  Sync: ["win", "file", "unknown"],
  Wait: ["win", "prequest", "request", "unknown"],
  Test: ["win", "prequest", "request", "unknown"],
  wait: ["request", "unknown"],
  test: ["request", "unknown"],
  Create: ["win"],
  Dup: ["comm"],
};

/** Collective calls: every rank of the communicator (window, file) must make them, in the same order. */
export const COLLECTIVES = new Set([
  "Barrier", "Bcast", "Reduce", "Allreduce", "Gather", "Gatherv", "Scatter", "Scatterv", "Allgather",
  "Allgatherv", "Alltoall", "Alltoallv", "Scan", "Exscan", "Reduce_scatter_block", "Reduce_scatter",
  "Ibarrier", "Ibcast", "Ireduce", "Iallreduce", "Igather", "Igatherv", "Iscatter", "Iscatterv", "Iallgather", "Iallgatherv", "Ialltoall", "Ialltoallv", "Iscan", "Iexscan", "Ireduce_scatter", "Ireduce_scatter_block",
  "barrier", "bcast", "gather", "scatter", "allgather", "alltoall", "reduce", "allreduce", "scan", "exscan",
  "Split", "Create_cart", "Allocate", "Create_dynamic", "Allocate_shared", "Fence",
  "Open", "Set_view", "Read_all", "Read_at_all", "Write_all", "Write_at_all", "Read_ordered",
  "Write_ordered", "Seek_shared", "Set_size", "Preallocate", "Set_atomicity",
]);

/** Collective only on some receivers. */
export const COLLECTIVE_ON: Record<string, readonly HandleKind[]> = {
  Free: ["win"],
  Close: ["file"],
  Sync: ["file"],
  Create: ["win", "comm", "unknown"],
  Dup: ["comm"],
};

/** Calls whose result is a handle the program must free, by the kind they create. */
export const CREATORS: Record<string, HandleKind> = {
  Send_init: "prequest", Ssend_init: "prequest", Bsend_init: "prequest", Rsend_init: "prequest", Recv_init: "prequest",
  Isend: "request", Issend: "request", Ibsend: "request", Irsend: "request", Irecv: "request", isend: "request",
  irecv: "request", Ibarrier: "request", Ibcast: "request", Ireduce: "request", Iallreduce: "request",
  Igather: "request", Igatherv: "request", Iscatter: "request", Iscatterv: "request", Iallgather: "request", Iallgatherv: "request", Ialltoall: "request", Ialltoallv: "request", Iscan: "request", Iexscan: "request", Ireduce_scatter: "request", Ireduce_scatter_block: "request",
  Rput: "request", Rget: "request", Raccumulate: "request", Rget_accumulate: "request",
  Iread_at: "request", Iwrite_at: "request", Iread: "request", Iwrite: "request",
  Allocate: "win", Create_dynamic: "win", Allocate_shared: "win",
  Open: "file",
  Create_contiguous: "datatype", Create_vector: "datatype", Create_hvector: "datatype",
  Create_indexed: "datatype", Create_hindexed: "datatype", Create_indexed_block: "datatype",
  Create_hindexed_block: "datatype", Create_subarray: "datatype", Create_darray: "datatype",
  Create_struct: "datatype", Create_resized: "datatype",
  Split: "comm", Create_cart: "comm",
};

/** The call that releases each kind of handle the `unfreed-resource` rule tracks. */
export const RELEASE: Partial<Record<HandleKind, readonly string[]>> = {
  prequest: ["Free"],
  win: ["Free"],
  file: ["Close"],
  datatype: ["Free"],
};

/** RMA communication calls (MPI 4.1 §12.3): legal only inside an access epoch. */
export const RMA_OPS = new Set([
  "Put", "Get", "Accumulate", "Get_accumulate", "Fetch_and_op", "Compare_and_swap",
  "Rput", "Rget", "Raccumulate", "Rget_accumulate",
]);

/**
 * Where each RMA call that returns data puts it: the index of the result-buffer argument. The
 * result is defined only after a call that completes the operation (MPI 4.1 §12.5).
 */
export const RESULT_ARG: Record<string, number> = {
  Get: 0,
  Get_accumulate: 1,
  Fetch_and_op: 1,
  Compare_and_swap: 2,
};

/** Calls on a window that complete its pending RMA operations at the origin. */
export const COMPLETING = new Set(["Flush", "Flush_all", "Flush_local", "Flush_local_all", "Unlock", "Unlock_all", "Fence", "Complete", "Free"]);

/** Epoch openers and closers on a window (MPI 4.1 §12.5). */
export const EPOCH_OPEN = new Set(["Lock", "Lock_all", "Start"]);
export const EPOCH_CLOSE = new Set(["Unlock", "Unlock_all", "Complete"]);
