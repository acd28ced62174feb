// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const all = new Float64Array(6);
  await c.Allgather(new Float64Array([c.Get_rank(), 1]), all);
  console.log(all[4]);
}
