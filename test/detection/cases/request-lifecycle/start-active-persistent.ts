// expect: mpi-error
// MPI 4.1 §3.9: Start on an active persistent request is erroneous.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array(1);
  if (c.Get_rank() === 1) {
    const q = c.Recv_init(b, 0, 0);
    q.Start();
    q.Start();
    await q.Wait();
    q.Free();
  } else await c.Send(b, 1, 0);
}
