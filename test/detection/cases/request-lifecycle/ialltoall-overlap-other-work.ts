// expect: clean
// Work on unrelated memory while the Ialltoall is in flight is the point of it.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const out = new Int32Array(2);
  const q = c.Ialltoall(new Int32Array([c.Get_rank(), c.Get_rank()]), out);
  const work = new Int32Array(4);
  for (let i = 0; i < 4; i++) work[i] = i * i;
  await q.Wait();
  console.log(out[1] + work[3]);
}
