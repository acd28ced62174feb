// Both ranks Send before they Recv. Correct only when standard sends are buffered, so unsafe
// (MPI 4.1 §3.5): `mpisim run` (eager buffering) completes, while `mpisim check`, which also tries
// rendezvous (every Send behaves like Ssend), reports the deadlock — as happens on a real network
// once messages exceed the eager limit.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const other = 1 - rank;
  const out = new Float64Array(4).fill(rank);
  const inp = new Float64Array(4);
  await comm.Send(out, other, 7);
  await comm.Recv(inp, other, 7);
  console.log(`rank ${rank} got ${inp[0]}`);
}
