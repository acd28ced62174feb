// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const g = MPI.COMM_WORLD.Get_group();
  const h = g.Excl([0]);
  console.log(g.Get_size(), h.Get_size());
  h.Free();
  g.Free();
}
