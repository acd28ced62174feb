// expect: clean
// Rank 0 keeps the maximum of the values: commutative, so the matching does not matter.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Float64Array(1);
  if (rank === 0) {
    let best = -Infinity;
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.DOUBLE], MPI.ANY_SOURCE, MPI.ANY_TAG);
      best = Math.max(best, b[0]);
    }
    console.log(`max ${best}`);
  } else {
    b[0] = 1.5 * rank;
    await comm.Send([b, MPI.DOUBLE], 0, rank);
  }
}
