// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const a = new Int32Array(1);
  const out = new Int32Array(1);
  if (c.Get_rank() === 0) {
    await c.Bcast(a, 0);
    await c.Allreduce(a, out, MPI.SUM);
  } else {
    await c.Allreduce(a, out, MPI.SUM);
    await c.Bcast(a, 0);
  }
}
