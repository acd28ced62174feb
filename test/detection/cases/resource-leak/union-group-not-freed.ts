// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const g = MPI.COMM_WORLD.Get_group();
  const a = g.Incl([0]);
  const b = g.Incl([3]);
  const u = MPI.Group.Union(a, b);
  console.log(u.Get_size());
  a.Free();
  b.Free();
  g.Free();
}
