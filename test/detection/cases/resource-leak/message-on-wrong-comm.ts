// expect: resource-leak
// The message goes on a duplicate; the receive on COMM_WORLD gets the other message. One is left.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const w = MPI.COMM_WORLD;
  const d = await w.Dup();
  if (w.Get_rank() === 0) {
    await d.Bsend(new Int32Array([1]), 1, 0);
    await w.Bsend(new Int32Array([2]), 1, 0);
  } else {
    await w.Recv(new Int32Array(1), 0, 0);
  }
  d.Free();
}
