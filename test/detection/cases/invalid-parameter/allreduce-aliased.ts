// expect: mpi-error
// MPI 4.1 §6.1.1: send and receive buffers of a collective must not overlap unless IN_PLACE.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const a = new Float64Array([1, 2]);
  await MPI.COMM_WORLD.Allreduce(a, a, MPI.SUM);
}
