// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const x = new Int32Array(1);
  const s = new Int32Array(1);
  const qs = c.Get_rank() === 0
    ? [c.Ibcast(x, 0), c.Iallreduce(new Int32Array([1]), s, MPI.SUM)]
    : [c.Iallreduce(new Int32Array([1]), s, MPI.SUM), c.Ibcast(x, 0)];
  await MPI.Request.Waitall(qs);
}
