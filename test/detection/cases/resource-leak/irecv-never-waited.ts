// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 1) {
    const b = new Int32Array(1);
    c.Irecv(b, 0, 0);
  }
  await c.Barrier();
}
