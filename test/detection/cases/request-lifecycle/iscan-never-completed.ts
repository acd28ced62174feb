// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const s = new Int32Array(1);
  c.Iscan(new Int32Array([1]), s, MPI.SUM);
  await c.Barrier();
}
