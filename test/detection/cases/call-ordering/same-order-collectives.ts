// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const a = new Int32Array([c.Get_rank()]);
  const out = new Int32Array(1);
  await c.Bcast(a, 1);
  await c.Allreduce(a, out, MPI.SUM);
  await c.Barrier();
  console.log(out[0]);
}
