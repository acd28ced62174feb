// expect: buffer-race
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const src = new Int32Array([1, 2, 3]);
  const mine = new Int32Array(1);
  const q = c.Iscatter(c.Get_rank() === 0 ? src : null, mine, 0);
  if (c.Get_rank() === 0) src[2] = 9;
  await q.Wait();
}
