// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send([new Float64Array(3), 3, MPI.DOUBLE], 1, 0);
  else await c.Recv([new Float64Array(10), 10, MPI.DOUBLE], 0, 0);
}
