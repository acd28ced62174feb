// expect: buffer-race
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const out = new Int32Array(2);
  const q = c.Ialltoall(new Int32Array([c.Get_rank(), c.Get_rank()]), out);
  console.log(out[1]);
  await q.Wait();
}
