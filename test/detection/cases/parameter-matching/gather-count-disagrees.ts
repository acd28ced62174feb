// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  if (r === 0) await c.Gather([new Int32Array(2), MPI.INT], [new Int32Array(6), 2, MPI.INT], 0);
  else await c.Gather([new Int32Array(1), MPI.INT], null, 0);
}
