// expect: mpi-error
// MPI 4.1 §3.3.1: the send's type signature (FLOAT) must match the receive's (INT).
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send([new Float32Array([1.5, 2.5]), MPI.FLOAT], 1, 0);
  else await c.Recv([new Int32Array(2), MPI.INT], 0, 0);
}
