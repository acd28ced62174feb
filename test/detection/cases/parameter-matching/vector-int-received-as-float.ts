// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const v = MPI.INT.Create_vector(3, 1, 2).Commit();
  if (c.Get_rank() === 0) await c.Send([new Int32Array(6), 1, v], 1, 0);
  else await c.Recv([new Float32Array(3), 3, MPI.FLOAT], 0, 0);
  v.Free();
}
