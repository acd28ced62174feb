// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const win = await MPI.Win.Allocate(8, { disp_unit: 4, comm: MPI.COMM_WORLD });
  await win.Free();
  await win.Free();
}
