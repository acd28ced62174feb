// expect: buffer-race
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const out = new Int32Array(1);
  const q = c.Iallreduce(new Int32Array([c.Get_rank()]), out, MPI.SUM);
  const early = out[0];
  await q.Wait();
  console.log(early, out[0]);
}
