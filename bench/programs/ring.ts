// Bench workload: the lecture's persistent ring (Send_init/Recv_init, Start, Start, Waitall), run
// for params.iters iterations. Three MPI calls per rank per iteration, one of them a scheduling point.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 100 };

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const sendbuf = new Int32Array([rank]);
  const recvbuf = new Int32Array([-1]);
  const sendReq = comm.Send_init(sendbuf, { dest: (rank + 1) % size, tag: 0 });
  const recvReq = comm.Recv_init(recvbuf, { source: (rank - 1 + size) % size, tag: 0 });
  const both = [sendReq, recvReq];
  const iters = params.iters;
  for (let it = 0; it < iters; it++) {
    sendbuf[0] = rank + 100 * it;
    sendReq.Start();
    recvReq.Start();
    await MPI.Request.Waitall(both);
  }
  sendReq.Free();
  recvReq.Free();
}
