// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const t = MPI.INT.Create_contiguous(2).Commit();
  t.Free();
  if (c.Get_rank() === 0) await c.Send([new Int32Array(2), 1, t], 1, 0);
  else await c.Recv([new Int32Array(2), 1, t], 0, 0);
}
