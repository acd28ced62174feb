// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const d = await MPI.COMM_WORLD.Dup();
  await d.Barrier();
}
