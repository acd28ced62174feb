// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const out = new Int32Array(1);
  await MPI.COMM_WORLD.Allreduce(new Int32Array([1]), out, MPI.OP_NULL);
}
