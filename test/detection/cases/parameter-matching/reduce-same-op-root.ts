// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const out = new Int32Array(1);
  await c.Reduce(new Int32Array([c.Get_rank()]), out, MPI.MAX, 2);
  if (c.Get_rank() === 2) console.log(out[0]);
}
