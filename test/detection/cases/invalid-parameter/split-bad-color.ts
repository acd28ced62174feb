// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const s = await MPI.COMM_WORLD.Split(-5, 0);
  s?.Free();
}
