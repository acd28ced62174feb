// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const all = new Int32Array(3);
  const q = c.Iallgather(new Int32Array([c.Get_rank()]), all);
  await q.Wait();
  console.log(Array.from(all).join(","));
}
