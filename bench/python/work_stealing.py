# The lecture's work-stealing queue (shared/seed/lecture6-advanced-mpi4py.md, "Example: Work
# Stealing Queue"), extracted verbatim: the reference that `npm run bench` times with
# `mpiexec -n 4 python3 work_stealing.py` next to mpisim's schedules per second.
from mpi4py import MPI
import numpy as np

comm  = MPI.COMM_WORLD
rank  = comm.Get_rank()

ROOT    = 0
N_TASKS = 8

i32 = np.dtype('i')   # MPI.INT
f64 = np.dtype('d')   # MPI.DOUBLE
i32B = i32.itemsize
f64B = f64.itemsize

def log(msg):
    print(f"[rank {rank}] {msg}", flush=True)

# -------------------------
# Windows & initialization
# -------------------------
if rank == ROOT:
    # pool[0] = counter (remaining tasks)
    # pool[1:] = task payloads (just integers here)
    pool = np.empty(N_TASKS + 1, dtype=i32)
    pool[0] = N_TASKS
    pool[1:] = np.arange(1, N_TASKS + 1, dtype=i32)
    results = np.full(N_TASKS, np.nan, dtype=f64)
else:
    pool = None       # workers expose no memory for pool
    results = None    # workers expose no memory for results

win_pool = MPI.Win.Create(pool,    comm=comm)
win_res  = MPI.Win.Create(results, comm=comm)

if rank == ROOT:
    log(f"init: counter={pool[0]}, tasks={pool[1:].tolist()}")

# -----------------------------------------
# Atomic claim (CAS) to avoid overshoot
# -----------------------------------------
def claim_ticket(win, target, dtype):
    """
    Atomically decrement pool[0] at ROOT only if > 0.
    Return ticket index in [0..N_TASKS-1], else -1.
    """
    # Working buffers for the CAS operation
    cur    = np.zeros(1, dtype=dtype)   # will hold the current counter value read from ROOT
    expect = np.zeros(1, dtype=dtype)   # the value we expect to see (if counter hasn't changed)
    new    = np.zeros(1, dtype=dtype)   # the value we want to write if compare succeeds (expect-1)
    old    = np.zeros(1, dtype=dtype)   # CAS will return whatever was actually in the target

    while True:
        # Step 1: read the current counter on ROOT into cur
        win.Lock(target, MPI.LOCK_SHARED)
        win.Get([cur, MPI.INT], target, 0)   # displacement=0 bytes -> pool[0]
        win.Flush(target)
        win.Unlock(target)

        c = int(cur[0])   # current number of remaining tasks
        if c <= 0:
            return -1     # no tasks left

        # Step 2: prepare expected and new values
        expect[0] = c     # we think the counter is still c
        new[0]    = c - 1 # we want to write back c-1 (decrement by one)

        # Step 3: attempt CAS at ROOT
        win.Lock(target, MPI.LOCK_EXCLUSIVE)
        win.Compare_and_swap([new, MPI.INT],     # proposed new value
                             [expect, MPI.INT],  # expected current value
                             [old, MPI.INT],     # gets the actual old value
                             target, 0)
        win.Flush(target)
        win.Unlock(target)

        # Step 4: check whether CAS succeeded
        if int(old[0]) == c:
            # success: we got the ticket corresponding to this claim
            return c - 1
        # else: someone else beat us to it, retry loop

# -----------------------------------------
# Workers do the work
# -----------------------------------------
if rank != ROOT:
    while True:
        ticket = claim_ticket(win_pool, ROOT, i32)
        if ticket < 0:
            log("no work left; exiting")
            break

        # pool[1 + ticket] holds the payload for this task
        disp_bytes = (1 + ticket) * i32B
        task = np.zeros(1, dtype=i32)

        win_pool.Lock(ROOT, MPI.LOCK_SHARED)
        win_pool.Get([task, MPI.INT], ROOT, disp_bytes)
        win_pool.Flush(ROOT)
        win_pool.Unlock(ROOT)

        payload = int(task[0])
        log(f"claimed ticket={ticket}, task={payload}")

        # Do some work (here: just square it)
        result_val = float(payload * payload)

        # Write result back to ROOT's results[ticket]
        res_disp = ticket * f64B
        res_buf  = np.array([result_val], dtype=f64)

        win_res.Lock(ROOT, MPI.LOCK_SHARED)
        win_res.Put([res_buf, MPI.DOUBLE], ROOT, res_disp)
        win_res.Flush(ROOT)
        win_res.Unlock(ROOT)

        log(f"processed task {payload} -> result {result_val:.1f}")

comm.Barrier()

if rank == ROOT:
    filled = int(np.count_nonzero(~np.isnan(results)))
    log(f"final counter={pool[0]} (should be 0)")
    log(f"results filled: {filled}/{N_TASKS}")
    log(f"results: {results.tolist()}")

win_pool.Free()
win_res.Free()

