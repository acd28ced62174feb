// expect: deadlock
// Synchronous sends both ways before any receive: each waits for the other's receive.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  await c.Ssend(new Int32Array(1), o, 0);
  await c.Recv(new Int32Array(1), o, 0);
}
