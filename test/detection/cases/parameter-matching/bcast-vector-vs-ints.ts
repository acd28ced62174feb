// expect: clean
// The root's vector of 2 INTs and the others' INT×2 have one signature.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const v = MPI.INT.Create_vector(2, 1, 3).Commit();
  if (c.Get_rank() === 0) await c.Bcast([new Int32Array(4), 1, v], 0);
  else await c.Bcast([new Int32Array(2), 2, MPI.INT], 0);
  v.Free();
}
