// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const win = await MPI.Win.Allocate(16, { disp_unit: 4, comm: MPI.COMM_WORLD });
  await win.Fence();
  await win.Fence();
}
