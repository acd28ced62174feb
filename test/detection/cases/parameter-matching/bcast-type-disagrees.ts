// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Bcast(new Int32Array(2), 0);
  else await c.Bcast(new Float32Array(2), 0);
}
