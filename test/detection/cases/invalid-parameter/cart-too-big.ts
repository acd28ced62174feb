// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const cart = await MPI.COMM_WORLD.Create_cart([2, 2]);
  cart?.Free();
}
