// expect: mpi-error
// MPI 4.1 §3.2.3: ANY_TAG is only for receives.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Int32Array(1), 1, MPI.ANY_TAG);
  else await c.Recv(new Int32Array(1), 0, MPI.ANY_TAG);
}
