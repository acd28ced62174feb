// expect: mpi-error
// Same size (8 bytes), different basic type: still a mismatch.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Float64Array([3]), 1, 0);
  else await c.Recv(new BigInt64Array(1), 0, 0);
}
