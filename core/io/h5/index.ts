/**
 * Parallel HDF5-style datasets over MPI-IO (see file.ts for how it maps onto MPI-IO and h5wasm).
 *
 *   import { h5 } from "mpisim";
 *   const f = await h5.File(comm, "state.h5", "w");          // h5py.File(..., driver="mpio", comm=comm)
 *   const dset = await f.create_dataset("u", [12, 8], "f4");  // collective
 *   await dset.write([i0, i0 + n], local);                    // dset[i0:i0+n, :] = local (independent)
 *   await dset.collective.write([i0, i0 + n], local);         // with dset.collective: …
 *   const mine = await dset.read([i0, i0 + n]);
 *   await f.close();                                          // collective
 */
import { openH5File } from "./file.ts";
import { H5Error } from "./errors.ts";

export const h5 = {
  File: openH5File,
  Error: H5Error,
};

export { openH5File, H5File, H5Dataset, type H5Mode, type Selection, type IoOptions } from "./file.ts";
export { H5Error } from "./errors.ts";
export { parseDtype, type Dtype, type NumericArray } from "./dtype.ts";
export { loadH5wasm } from "./wasm.ts";
export { analyze, type DatasetInfo, type Skeleton } from "./skeleton.ts";
