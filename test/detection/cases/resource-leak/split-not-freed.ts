// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const r = MPI.COMM_WORLD.Get_rank();
  const s = await MPI.COMM_WORLD.Split(r % 2, r);
  await s!.Barrier();
}
