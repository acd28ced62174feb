// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 4;
export default async function main(MPI: MPINamespace) {
  const cart = await MPI.COMM_WORLD.Create_cart([2, 2]);
  console.log(cart!.Get_coords(cart!.Get_rank()).join(","));
  cart?.Free();
}
