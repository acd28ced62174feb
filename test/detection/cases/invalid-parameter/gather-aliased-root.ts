// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const all = new Int32Array(2);
  const mine = c.Get_rank() === 0 ? all.subarray(0, 1) : new Int32Array([1]);
  await c.Gather(mine, c.Get_rank() === 0 ? all : null, 0);
}
