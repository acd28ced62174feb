// A 2-D array of doubles with a 16-byte header (ny, nx as int64): rank 0 writes the header, then
// every rank writes its block of rows collectively through a subarray file view. The file is
// what numpy.fromfile reads (raw little-endian, "native" datarep). Read it back with
// scenario:io-rows-read on the same --io-dir.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

const NUM_ROWS = 3; // rows per rank
const NX_GLOBAL = 10; // columns
const HEADER_BYTES = 16; // ny_global, nx_global as int64
const FNAME = "rows_fixed.bin";

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const nyGlobal = size * NUM_ROWS;
  const i0 = rank * NUM_ROWS;

  const local = new Float64Array(NUM_ROWS * NX_GLOBAL).fill(rank);

  const fh = await MPI.File.Open(comm, FNAME, MPI.MODE_CREATE | MPI.MODE_WRONLY);
  if (rank === 0) {
    await fh.Write_at(0, new BigInt64Array([BigInt(nyGlobal), BigInt(NX_GLOBAL)]));
  }

  const filetype = MPI.DOUBLE.Create_subarray([nyGlobal, NX_GLOBAL], [NUM_ROWS, NX_GLOBAL], [i0, 0], MPI.ORDER_C);
  filetype.Commit();
  await fh.Set_view(HEADER_BYTES, MPI.DOUBLE, filetype, "native");
  await fh.Write_all(local);
  await fh.Close();
  filetype.Free();

  if (rank === 0) console.log(`[write] Wrote ${nyGlobal}x${NX_GLOBAL} (rows_per_rank=${NUM_ROWS}) to ${FNAME}`);
}
