// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const src = r === 0 ? [new Float64Array(6), [1, 2, 3], [0, 1, 3], MPI.DOUBLE] : null;
  await c.Scatterv(src, new Float64Array(r === 1 ? 1 : r + 1), 0);
}
