// expect: buffer-race
// The interior update also writes the column being sent before Waitall (MPI 4.1 §3.7.2).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  // A 6x8 block per rank, row-major, with one ghost column on the side facing the neighbour.
  const R = 6, C = 8;
  const a = new Float64Array(R * C);
  for (let i = 0; i < R * C; i++) a[i] = rank * 100 + i;
  const col = MPI.DOUBLE.Create_vector(R, 1, C).Commit();
  const peer = 1 - rank;
  // rank 0 owns columns 0..6 and ghost column 7; rank 1 owns 1..7 and ghost column 0
  const sendCol = rank === 0 ? C - 2 : 1;
  const ghostCol = rank === 0 ? C - 1 : 0;
  const reqs = [
    comm.Irecv([a.subarray(ghostCol), 1, col], peer, 7),
    comm.Isend([a.subarray(sendCol), 1, col], peer, 7),
  ];
  for (let i = 0; i < R; i++) a[i * C + sendCol] += 1;
  await MPI.Request.Waitall(reqs);
  col.Free();
}
