// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const q = c.Get_rank() === 0
    ? c.Igather([new Int32Array(1), MPI.INT], [new Int32Array(2), 1, MPI.INT], 0)
    : c.Igather([new Float64Array(1), MPI.DOUBLE], null, 0);
  await q.Wait();
}
