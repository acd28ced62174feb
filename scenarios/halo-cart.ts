// 2-D halo exchange on a periodic Cartesian communicator: each rank owns an NX×NY block with a
// one-cell halo and swaps edges with its four neighbours using Sendrecv, then checks what it got.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

const NX = 4;
const NY = 4;
const ITERS = 3;

export default async function main(MPI: MPINamespace) {
  const world = MPI.COMM_WORLD;
  const dims = MPI.Compute_dims(world.Get_size(), 2);
  const cart = (await world.Create_cart(dims, [true, true], false))!;
  const rank = cart.Get_rank();
  const [py, px] = cart.Get_coords(rank);
  // (NX+2)×(NY+2) grid, row-major, interior filled with the owner's rank.
  const W = NX + 2;
  const grid = new Float64Array((NX + 2) * (NY + 2));
  const at = (i: number, j: number) => i * W + j;
  for (let i = 1; i <= NY; i++) for (let j = 1; j <= NX; j++) grid[at(i, j)] = rank;

  const row = MPI.DOUBLE.Create_contiguous(NX).Commit();
  const col = MPI.DOUBLE.Create_vector(NY, 1, W).Commit();
  const [up, down] = cart.Shift(0, 1);
  const [left, right] = cart.Shift(1, 1);

  for (let it = 0; it < ITERS; it++) {
    // send my top row up, receive my bottom halo from below; and so on for each direction
    const from = (i: number, j: number) => grid.subarray(at(i, j));
    await cart.Sendrecv([from(1, 1), 1, row], up, 0, [from(NY + 1, 1), 1, row], down, 0);
    await cart.Sendrecv([from(NY, 1), 1, row], down, 1, [from(0, 1), 1, row], up, 1);
    await cart.Sendrecv([from(1, 1), 1, col], left, 2, [from(1, NX + 1), 1, col], right, 2);
    await cart.Sendrecv([from(1, NX), 1, col], right, 3, [from(1, 0), 1, col], left, 3);
  }
  const ok = grid[at(0, 1)] === up && grid[at(NY + 1, 1)] === down && grid[at(1, 0)] === left && grid[at(1, NX + 1)] === right;
  console.log(`rank ${rank} at (${py},${px}): halo up=${grid[at(0, 1)]} down=${grid[at(NY + 1, 1)]} left=${grid[at(1, 0)]} right=${grid[at(1, NX + 1)]} ok=${ok}`);
  row.Free();
  col.Free();
  cart.Free();
}
