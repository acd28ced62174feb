// expect: clean
// MPI 4.1 §3.11: communication with PROC_NULL completes at once.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  await c.Send(new Int32Array(1), MPI.PROC_NULL, 0);
  await c.Recv(new Int32Array(1), MPI.PROC_NULL, 0);
}
