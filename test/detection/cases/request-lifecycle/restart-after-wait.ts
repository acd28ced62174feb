// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array(1);
  if (c.Get_rank() === 1) {
    const q = c.Recv_init(b, 0, 0);
    for (let i = 0; i < 3; i++) {
      q.Start();
      await q.Wait();
    }
    q.Free();
  } else for (let i = 0; i < 3; i++) await c.Send(b, 1, 0);
}
