// Bench workload (DPOR): rank 0 receives params.msgs messages from ANY_SOURCE; every other rank
// sends it params.msgs / (size - 1) messages. Which sender each receive gets is the
// interleaving that matters; the order of unrelated sends is not.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;
export const params = { msgs: 2 };

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const buf = new Int32Array(1);
  if (rank === 0) {
    for (let i = 0; i < params.msgs; i++) await comm.Recv(buf, MPI.ANY_SOURCE, 0);
  } else {
    const mine = params.msgs / (size - 1);
    for (let i = 0; i < mine; i++) {
      buf[0] = rank * 100 + i;
      await comm.Send(buf, 0, 0);
    }
  }
}
