// expect: collective-mismatch
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const r = c.Get_rank();
  const mine = r === 2 ? new Float32Array([r]) : new Int32Array([r]);
  await c.Gatherv(mine, r === 0 ? [new Int32Array(3), [1, 1, 1], [0, 1, 2], MPI.INT] : null, 0);
}
