// expect: resource-leak
// The receiver takes tag 1 from rank 0 only after tag 2 arrived; tag 2 is sent but nobody asks for it.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    await c.Bsend(new Int32Array([1]), 1, 1);
    await c.Bsend(new Int32Array([2]), 1, 2);
  } else {
    await c.Recv(new Int32Array(1), 0, 1);
  }
}
