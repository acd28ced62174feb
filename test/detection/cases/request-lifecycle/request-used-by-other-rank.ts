// expect: mpi-error
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const shared = (globalThis as { __q?: InstanceType<typeof MPI.Request> });
  if (c.Get_rank() === 0) {
    shared.__q = c.Irecv(new Int32Array(1), 1, 0);
    await c.Barrier();
    await shared.__q.Wait();
  } else {
    await c.Barrier();
    await shared.__q!.Wait();
  }
}
