// expect: buffer-race
// MPI 4.1 §3.7.2: the receive buffer must not be read before the receive completes.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 1) {
    const b = new Int32Array(1);
    const q = c.Irecv(b, 0, 0);
    console.log(b[0]);
    await q.Wait();
  } else await c.Send(new Int32Array([3]), 1, 0);
}
