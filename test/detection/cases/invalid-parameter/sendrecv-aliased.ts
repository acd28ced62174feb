// expect: mpi-error
// MPI 4.1 §3.10.1: Sendrecv's buffers must be disjoint; the two views share bytes 8..16.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  const a = new Int32Array(6);
  await c.Sendrecv(a.subarray(0, 4), o, 0, a.subarray(2, 6), o, 0);
}
