// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const all = new Float64Array(6);
  await c.Iallgatherv(new Float64Array(r + 1).fill(r), [all, [1, 2, 3], [0, 1, 3], MPI.DOUBLE]).Wait();
  console.log(all[5]);
}
