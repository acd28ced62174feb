// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const all = new Int32Array(3);
  c.Igather(new Int32Array([c.Get_rank()]), c.Get_rank() === 0 ? all : null, 0);
  await c.Barrier();
}
