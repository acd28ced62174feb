// Reads back the file of scenario:io-rows-write (run it first, with the same --io-dir): rank 0
// reads the header and broadcasts it, then every rank reads its block of rows collectively
// through the same subarray view.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

const HEADER_BYTES = 16;
const FNAME = "rows_fixed.bin";

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();

  const fh = await MPI.File.Open(comm, FNAME, MPI.MODE_RDONLY);
  const hdr = new BigInt64Array(2);
  if (rank === 0) await fh.Read_at(0, hdr);
  await comm.Bcast(hdr, 0);
  const nyGlobal = Number(hdr[0]);
  const nxGlobal = Number(hdr[1]);
  if (nyGlobal % size !== 0) throw new Error("File assumes equal rows per rank.");
  const numRows = nyGlobal / size;
  const i0 = rank * numRows;

  const filetype = MPI.DOUBLE.Create_subarray([nyGlobal, nxGlobal], [numRows, nxGlobal], [i0, 0], MPI.ORDER_C);
  filetype.Commit();
  await fh.Set_view(HEADER_BYTES, MPI.DOUBLE, filetype, "native");
  const buf = new Float64Array(numRows * nxGlobal);
  await fh.Read_all(buf);
  await fh.Close();
  filetype.Free();

  const ok = buf.every((x) => x === rank);
  const firstRow = Array.from(buf.subarray(0, nxGlobal), (x) => x.toFixed(1)).join(" ");
  console.log(`[read] rank ${rank}: block (${numRows}, ${nxGlobal}), i0=${i0}, ok=${ok}, first row=[${firstRow}]`);
}
