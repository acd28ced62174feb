// expect: buffer-race
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    const b = new Int32Array([1]);
    const q = c.Isend(b, 1, 0);
    b[0] = 2;
    await q.Wait();
  } else await c.Recv(new Int32Array(1), 0, 0);
}
