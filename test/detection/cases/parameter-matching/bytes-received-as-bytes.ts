// expect: clean
// MPI_BYTE on both sides: untyped data, no type matching (MPI 4.1 §3.3.1).
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send([new Uint8Array(8), 8, MPI.BYTE], 1, 0);
  else await c.Recv([new Uint8Array(8), 8, MPI.BYTE], 0, 0);
}
