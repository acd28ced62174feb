// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Scatter(new Float64Array([1, 2]), new Float64Array(1), 0);
  else await c.Scatter(null, new Int32Array(2), 0);
}
