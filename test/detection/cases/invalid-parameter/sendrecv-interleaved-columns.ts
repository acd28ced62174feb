// expect: clean
// MPI 4.1 §3.10.1 forbids overlapping Sendrecv buffers; two column vectors of one grid interleave
// (their spans overlap) but share no byte, as in every 2-D halo exchange: no alias.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  const W = 4;
  const grid = new Float64Array(4 * W);
  const col = MPI.DOUBLE.Create_vector(4, 1, W).Commit();
  // send column 1, receive into column 2
  await c.Sendrecv([grid.subarray(1), 1, col], o, 0, [grid.subarray(2), 1, col], o, 0);
  col.Free();
}
