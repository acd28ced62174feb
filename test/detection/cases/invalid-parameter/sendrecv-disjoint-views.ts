// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const o = 1 - c.Get_rank();
  const a = new Int32Array(8);
  await c.Sendrecv(a.subarray(0, 4), o, 0, a.subarray(4, 8), o, 0);
}
