// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) {
    const qs = [c.Irecv(new Int32Array(1), 1, 0), c.Irecv(new Int32Array(1), 2, 0)];
    await MPI.Request.Waitany(qs);
  } else await c.Bsend(new Int32Array([c.Get_rank()]), 0, 0);
}
