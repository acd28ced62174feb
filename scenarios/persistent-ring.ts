// Persistent point-to-point ring (the lecture's first program): each rank sends to its right
// neighbour five times, reusing one Send_init and one Recv_init request.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const right = (rank + 1) % size;
  const left = (rank - 1 + size) % size;

  const sendbuf = new Int32Array([rank]);
  const recvbuf = new Int32Array([-1]);
  const sendReq = comm.Send_init(sendbuf, { dest: right, tag: 0 });
  const recvReq = comm.Recv_init(recvbuf, { source: left, tag: 0 });

  for (let it = 0; it < 5; it++) {
    sendbuf[0] = rank + 100 * it;
    sendReq.Start();
    recvReq.Start();
    await MPI.Request.Waitall([sendReq, recvReq]);
    console.log(`[iter ${it}] rank ${rank} got ${recvbuf[0]} from ${left}`);
  }

  sendReq.Free();
  recvReq.Free();
}
