// Head-to-head deadlock: both ranks Ssend to each other before receiving. A synchronous send
// completes only when matched, so neither reaches its Recv. (With plain Send the outcome depends on
// buffering: eager completes, rendezvous deadlocks; `mpisim check scenario:send-first` shows it.)
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const other = 1 - rank;
  const out = new Int32Array([rank]);
  const inp = new Int32Array(1);
  await comm.Ssend(out, other, 0);
  await comm.Recv(inp, other, 0);
  console.log(`rank ${rank} got ${inp[0]}`);
}
