// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const g = MPI.COMM_WORLD.Get_group();
  g.Free();
  g.Free();
}
