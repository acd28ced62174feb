/**
 * One-sided communication constants (MPI 4.1 §12), with the values Open MPI's mpi.h gives them
 * so that a program printing them sees what mpi4py on Open MPI would print.
 */

/** Assertions for Fence / Post / Start / Lock (MPI 4.1 §12.5.5): hints, combined with `|`. */
export const MODE_NOCHECK = 1;
export const MODE_NOPRECEDE = 2;
export const MODE_NOPUT = 4;
export const MODE_NOSTORE = 8;
export const MODE_NOSUCCEED = 16;
export const ALL_MODES = MODE_NOCHECK | MODE_NOPRECEDE | MODE_NOPUT | MODE_NOSTORE | MODE_NOSUCCEED;

/** Lock types (MPI 4.1 §12.5.3). */
export const LOCK_EXCLUSIVE = 1;
export const LOCK_SHARED = 2;

/** Window attribute keys (Win.Get_attr). */
export const WIN_BASE = 1001;
export const WIN_SIZE = 1002;
export const WIN_DISP_UNIT = 1003;
export const WIN_CREATE_FLAVOR = 1004;
export const WIN_MODEL = 1005;

/** Window flavors (MPI 4.1 §12.2.6). */
export const WIN_FLAVOR_CREATE = 1;
export const WIN_FLAVOR_ALLOCATE = 2;
export const WIN_FLAVOR_DYNAMIC = 3;
export const WIN_FLAVOR_SHARED = 4;

/** Memory models: the simulated window memory is the rank's own ArrayBuffer, so it is unified. */
export const WIN_SEPARATE = 1;
export const WIN_UNIFIED = 2;

/** The constants as they appear on the MPI namespace. */
export const RMA_CONSTANTS = {
  MODE_NOCHECK, MODE_NOPRECEDE, MODE_NOPUT, MODE_NOSTORE, MODE_NOSUCCEED,
  LOCK_EXCLUSIVE, LOCK_SHARED,
  WIN_BASE, WIN_SIZE, WIN_DISP_UNIT, WIN_CREATE_FLAVOR, WIN_MODEL,
  WIN_FLAVOR_CREATE, WIN_FLAVOR_ALLOCATE, WIN_FLAVOR_DYNAMIC, WIN_FLAVOR_SHARED,
  WIN_SEPARATE, WIN_UNIFIED,
  WIN_NULL: null,
} as const;
