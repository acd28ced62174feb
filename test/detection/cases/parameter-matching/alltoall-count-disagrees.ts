// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const n = c.Get_rank() === 0 ? 2 : 1;
  await c.Alltoall([new Int32Array(2 * n), n, MPI.INT], [new Int32Array(2 * n), n, MPI.INT]);
}
