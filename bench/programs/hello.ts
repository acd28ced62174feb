// The start-up bench's program: the smallest 2-rank run (one line per rank, one Barrier).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  console.log(`hello from rank ${comm.Get_rank()} of ${comm.Get_size()}`);
  await comm.Barrier();
}
