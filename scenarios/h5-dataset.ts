// The lecture's parallel HDF5 example (h5py with driver="mpio"): a 12×8 float32 dataset "u"
// created collectively, rows split between the ranks by divmod, each rank writing its rows as a
// hyperslab. state.h5 is a real HDF5 file: h5py.File("state.h5")["u"] reads it.
import type { MPI as MPINamespace } from "mpisim";
import { h5 } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();

  const ny = 12, nx = 8;

  const f = await h5.File(comm, "state.h5", "w");
  const dset = await f.create_dataset("u", [ny, nx], "f4");

  const base = Math.floor(ny / size), rem = ny % size; // divmod(ny, size)
  const nyLoc = base + (rank < rem ? 1 : 0);
  const i0 = rank * base + Math.min(rank, rem);

  const local = new Float32Array(nyLoc * nx).fill(rank);

  // with dset.collective: await dset.collective.write(...)
  await dset.write([i0, i0 + nyLoc], local); // dset[i0:i0+ny_loc, :] = local
  await f.close();

  await comm.Barrier();
  if (rank === 0) console.log("Wrote state.h5:/u");
}
