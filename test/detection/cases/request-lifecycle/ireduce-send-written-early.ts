// expect: buffer-race
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const mine = new Float64Array([c.Get_rank()]);
  const sum = new Float64Array(1);
  const q = c.Ireduce(mine, sum, MPI.SUM, 0);
  mine[0] = 42;
  await q.Wait();
}
