// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const win = await MPI.Win.Allocate(8, { disp_unit: 4, comm: MPI.COMM_WORLD });
  await win.Fence();
  if (MPI.COMM_WORLD.Get_rank() === 0) win.Put([new Int32Array([1]), 1, MPI.INT], 1, 2);
  await win.Fence();
  await win.Free();
}
