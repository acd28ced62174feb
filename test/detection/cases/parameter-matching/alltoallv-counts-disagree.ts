// expect: collective-mismatch
// MPI 4.1 §6.1: rank 0 sends 2 INTs to rank 1, which expects 1 from it.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const send = r === 0 ? [new Int32Array(3), [1, 2], [0, 1], MPI.INT] : [new Int32Array(2), [1, 1], [0, 1], MPI.INT];
  await c.Alltoallv(send, [new Int32Array(3), [1, 1], [0, 1], MPI.INT]);
}
