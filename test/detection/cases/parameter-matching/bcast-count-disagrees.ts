// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  await c.Bcast(new Int32Array(c.Get_rank() === 0 ? 4 : 2), 0);
}
