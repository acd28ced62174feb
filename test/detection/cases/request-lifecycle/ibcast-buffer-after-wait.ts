// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array([c.Get_rank() === 0 ? 5 : 0]);
  const q = c.Ibcast(b, 0);
  await q.Wait();
  b[0] += 1;
  console.log(b[0]);
}
