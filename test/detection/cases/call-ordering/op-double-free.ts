// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 1;
export default async function main(MPI: MPINamespace) {
  const op = MPI.Op.Create(() => {}, true);
  op.Free();
  op.Free();
}
