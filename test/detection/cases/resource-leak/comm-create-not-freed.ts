// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const w = MPI.COMM_WORLD;
  const all = w.Get_group();
  const pair = all.Incl([0, 1]);
  const c = await w.Create(pair);
  pair.Free();
  all.Free();
  if (c) await c.Barrier();
}
