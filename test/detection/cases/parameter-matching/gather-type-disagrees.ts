// expect: collective-mismatch
// MPI 4.1 §6.1: each member's send signature must equal the root's block for it.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  if (r === 0) await c.Gather([new Int32Array(2), MPI.INT], [new Int32Array(6), 2, MPI.INT], 0);
  else await c.Gather([new Float32Array(2), MPI.FLOAT], null, 0);
}
