// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  await c.Gather([new Int32Array([r, r]), MPI.INT], r === 0 ? [new Int32Array(6), 2, MPI.INT] : null, 0);
}
