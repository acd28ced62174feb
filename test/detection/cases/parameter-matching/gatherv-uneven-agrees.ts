// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const mine = new Int32Array(r + 1).fill(r);
  await c.Gatherv(mine, r === 0 ? [new Int32Array(6), [1, 2, 3], [0, 1, 3], MPI.INT] : null, 0);
}
