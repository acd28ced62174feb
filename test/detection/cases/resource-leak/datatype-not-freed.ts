// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const col = MPI.DOUBLE.Create_vector(4, 1, 4).Commit();
  const m = new Float64Array(16);
  if (c.Get_rank() === 0) await c.Send([m, 1, col], 1, 0);
  else await c.Recv([m, 1, col], 0, 0);
}
