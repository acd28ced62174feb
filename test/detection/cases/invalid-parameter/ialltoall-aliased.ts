// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const a = new Int32Array(4);
  await c.Ialltoall(a.subarray(0, 2), a.subarray(1, 3)).Wait();
}
