// expect: resource-leak
// MPI 4.1 §7.3: Comm.Get_group returns a new handle that must be freed.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const g = MPI.COMM_WORLD.Get_group();
  console.log(g.Get_size());
}
