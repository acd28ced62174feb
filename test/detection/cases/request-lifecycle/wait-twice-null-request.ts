// expect: clean
// MPI 4.1 §3.7.3: waiting on a completed (now null) request returns at once.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    const q = c.Isend(new Int32Array([1]), 1, 0);
    await q.Wait();
    await q.Wait();
  } else await c.Recv(new Int32Array(1), 0, 0);
}
