// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  await MPI.COMM_WORLD.Bcast(new Int32Array(2), 3);
}
