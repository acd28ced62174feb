// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array(1);
  if (c.Get_rank() === 0) {
    const q = c.Send_init(b, 1, 0);
    q.Free();
    q.Start();
    await q.Wait();
  } else await c.Recv(b, 0, 0);
}
