// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  // rank 0 sends 1 to itself and 2 to rank 1; rank 1 sends 1 to each.
  const send = r === 0 ? [new Int32Array(3), [1, 2], [0, 1], MPI.INT] : [new Int32Array(2), [1, 1], [0, 1], MPI.INT];
  const recv = r === 0 ? [new Int32Array(2), [1, 1], [0, 1], MPI.INT] : [new Int32Array(3), [2, 1], [0, 2], MPI.INT];
  await c.Alltoallv(send, recv);
}
