// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    const q = c.Ibsend(new Int32Array([1, 2]), 1, 0);
    await q.Wait();
  } else {
    const b = new Int32Array(2);
    await c.Recv(b, 0, 0);
  }
}
