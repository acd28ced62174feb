// expect: clean
// Collectives on different communicators do not match each other: their orders are independent.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const d = await c.Dup();
  const b = new Int32Array(1);
  if (c.Get_rank() === 0) {
    await c.Ibarrier().Wait();
    await d.Bcast(b, 0);
  } else {
    const q = c.Ibarrier();
    await d.Bcast(b, 0);
    await q.Wait();
  }
  d.Free();
}
