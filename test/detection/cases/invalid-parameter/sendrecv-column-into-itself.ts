// expect: mpi-error
// MPI 4.1 §3.10.1: Sendrecv's buffers must be disjoint; a column vector sent and received in
// place (the same strided bytes) aliases even though no contiguous range is shared.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  const W = 4;
  const grid = new Float64Array(4 * W);
  const col = MPI.DOUBLE.Create_vector(4, 1, W).Commit();
  try {
    await c.Sendrecv([grid.subarray(1), 1, col], o, 0, [grid.subarray(3 * W + 1), 1, MPI.DOUBLE], o, 0);
  } finally {
    col.Free();
  }
}
