// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  MPI.COMM_WORLD.Ibarrier();
  await MPI.COMM_WORLD.Barrier();
}
