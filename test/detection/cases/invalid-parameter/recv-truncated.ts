// expect: mpi-error
// MPI 4.1 §3.2.4: a message longer than the receive buffer is ERR_TRUNCATE.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Int32Array(4), 1, 0);
  else await c.Recv(new Int32Array(2), 0, 0);
}
