// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const out = new Int32Array(1);
  await c.Allreduce(new Int32Array([1]), out, c.Get_rank() === 0 ? MPI.SUM : MPI.MAX);
}
