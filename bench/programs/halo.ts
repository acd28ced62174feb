// Bench workload: 2-D halo exchange on a periodic Cartesian grid (Compute_dims × Create_cart): each
// rank owns an NX×NY block with a one-cell halo and, per iteration, posts four Irecv and four Isend
// (rows contiguous, columns a vector type) and waits for all eight.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 100 };

const NX = 4;
const NY = 4;

export default async function main(MPI: MPINamespace) {
  const world = MPI.COMM_WORLD;
  const dims = MPI.Compute_dims(world.Get_size(), 2);
  const cart = (await world.Create_cart(dims, [true, true], false)) as InstanceType<typeof MPI.Cartcomm>;
  const rank = cart.Get_rank();
  const W = NX + 2;
  const grid = new Float64Array((NX + 2) * (NY + 2));
  const at = (i: number, j: number) => i * W + j;
  for (let i = 1; i <= NY; i++) for (let j = 1; j <= NX; j++) grid[at(i, j)] = rank;
  const view = (i: number, j: number) => grid.subarray(at(i, j));

  const row = MPI.DOUBLE.Create_contiguous(NX).Commit();
  const col = MPI.DOUBLE.Create_vector(NY, 1, W).Commit();
  const [up, down] = cart.Shift(0, 1);
  const [left, right] = cart.Shift(1, 1);
  const iters = params.iters;
  for (let it = 0; it < iters; it++) {
    const reqs = [
      cart.Irecv([view(NY + 1, 1), 1, row], down, 0),
      cart.Irecv([view(0, 1), 1, row], up, 1),
      cart.Irecv([view(1, NX + 1), 1, col], right, 2),
      cart.Irecv([view(1, 0), 1, col], left, 3),
      cart.Isend([view(1, 1), 1, row], up, 0),
      cart.Isend([view(NY, 1), 1, row], down, 1),
      cart.Isend([view(1, 1), 1, col], left, 2),
      cart.Isend([view(1, NX), 1, col], right, 3),
    ];
    await MPI.Request.Waitall(reqs);
  }
  row.Free();
  col.Free();
  cart.Free();
}
