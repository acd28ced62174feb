// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const all = new Int32Array(2);
  if (c.Get_rank() === 0) {
    all[0] = 5;
    await c.Gather(MPI.IN_PLACE, all, 0);
  } else await c.Gather(new Int32Array([1]), null, 0);
}
