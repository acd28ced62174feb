// expect: collective-mismatch
// MPI 4.1 §6.12: the k-th collective call on a communicator must be the same call on every member.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Bcast(new Int32Array(1), 0);
  else await c.Barrier();
}
