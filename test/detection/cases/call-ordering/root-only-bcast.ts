// expect: collective-mismatch
// Only the root calls Bcast; the others go on to a Barrier: slot 0 is Bcast on one rank, Barrier on the other.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Bcast(new Int32Array(1), 0);
  await c.Barrier();
}
