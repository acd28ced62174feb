// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const t = MPI.Datatype.Create_struct([1, 1], [0, 8], [MPI.INT, MPI.DOUBLE]).Commit();
  if (c.Get_rank() === 0) await c.Send([new Uint8Array(16), 1, t], 1, 0);
  else await c.Recv([new Int32Array(3), 3, MPI.INT], 0, 0);
  t.Free();
}
