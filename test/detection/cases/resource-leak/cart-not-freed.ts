// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const cart = await MPI.COMM_WORLD.Create_cart([2, 2], [true, true]);
  const [lo, hi] = cart!.Shift(0, 1);
  console.log(lo, hi);
}
