// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const g = MPI.COMM_WORLD.Get_group();
  const evens = g.Incl([0, 2]);
  console.log(evens.Get_rank());
  g.Free();
}
