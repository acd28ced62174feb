// expect: resource-leak
// A buffered Ibsend completes locally; freeing it is legal (§3.7.3) but its message must be received.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    const q = c.Ibsend(new Int32Array([1, 2]), 1, 0);
    await q.Wait();
  }
}
