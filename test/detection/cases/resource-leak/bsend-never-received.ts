// expect: resource-leak
// MPI 4.1 §11.2.2: a buffered message nobody receives is still pending at the end.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Bsend(new Int32Array([7]), 1, 3);
}
