// expect: collective-mismatch
// MPI 4.1 §6.12: a non-blocking collective does not match a blocking one.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array(1);
  if (c.Get_rank() === 0) await c.Ibcast(b, 0).Wait();
  else await c.Bcast(b, 0);
}
