"""Runs differential-test cases (JSON, one per line) under mpi4py; prints 'C<id> R<rank> <line>'.

The mpisim side is interp.ts: both follow the same steps, constructor for constructor and call
for call, so their printed lines and file bytes must agree (test/differential/README.md).
"""
import hashlib
import json
import os
import sys

import numpy as np
from mpi4py import MPI

comm = MPI.COMM_WORLD
rank = comm.Get_rank()
np_ = comm.Get_size()
ERRS = {getattr(MPI, n): n for n in dir(MPI) if n.startswith("ERR_") and isinstance(getattr(MPI, n), int)}
NP_DT = {"BYTE": np.uint8, "SHORT": np.int16, "INT": np.int32, "FLOAT": np.float32, "DOUBLE": np.float64, "LONG": np.int64}


def build(d):
    k = d["k"]
    if k == "basic":
        return getattr(MPI, d["t"])
    if k == "struct":
        return MPI.Datatype.Create_struct(d["bls"], d["ds"], [build(c) for c in d["cs"]])
    c = build(d["c"])
    if k == "contig":
        return c.Create_contiguous(d["n"])
    if k == "vector":
        return c.Create_vector(d["n"], d["bl"], d["stride"])
    if k == "hvector":
        return c.Create_hvector(d["n"], d["bl"], d["stride"])
    if k == "indexed":
        return c.Create_indexed(d["bls"], d["ds"])
    if k == "iblock":
        return c.Create_indexed_block(d["bl"], d["ds"])
    if k == "hindexed":
        return c.Create_hindexed(d["bls"], d["ds"])
    if k == "subarray":
        return c.Create_subarray(d["sizes"], d["sub"], d["starts"], order=MPI.ORDER_C if d["order"] == "C" else MPI.ORDER_FORTRAN)
    if k == "resized":
        return c.Create_resized(d["lb"], d["extent"])
    raise ValueError(k)


def sha(b):
    return hashlib.sha256(bytes(b)).hexdigest()[:16]


def pattern(r, n):
    return bytearray(((i * 7 + r * 31 + 1) & 255) for i in range(n))


def span(t, count):
    return 0 if count == 0 else (count - 1) * t.Get_extent()[1] + sum(t.Get_true_extent())


def describe(out, ts):
    out("types " + " ".join("%d:%d:%d:%d:%d" % (t.Get_extent() + t.Get_true_extent() + (t.Get_size(),)) for t in ts))


def io_case(c, out):
    ft = build(c["ft"]).Commit()
    mt = build(c["mt"]).Commit()
    describe(out, [ft, mt])
    et = getattr(MPI, c["etype"])
    lb, ext = ft.Get_extent()
    mine = ft.Create_resized(0, np_ * ext).Commit() if c["layout"] == "interleaved" else ft

    def view(fh, mode):
        if mode in ("shared", "ordered"):
            fh.Set_view(0, et, ft)
        elif c["layout"] == "interleaved":
            fh.Set_view(rank * ext, et, mine)
        else:
            fh.Set_view(rank * c["region"], et, ft)

    name = "c%d.bin" % c["id"]
    n = c["count"]
    data = pattern(rank, span(mt, n))
    fh = MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_WRONLY)
    view(fh, c["wmode"])
    w, off = c["wmode"], c["offset"]
    if w == "at":
        fh.Write_at(off, [data, n, mt])
    elif w == "at_all":
        fh.Write_at_all(off, [data, n, mt])
    elif w == "iat":
        fh.Iwrite_at(off, [data, n, mt]).Wait()
    elif w == "ind":
        fh.Seek(off)
        fh.Write([data, n, mt])
    elif w == "ind_all":
        fh.Seek(off)
        fh.Write_all([data, n, mt])
    elif w == "shared":
        for turn in range(np_):
            if turn == rank:
                fh.Write_shared([data, n, mt])
            comm.Barrier()
    elif w == "ordered":
        fh.Write_ordered([data, n, mt])
    fh.Close()
    comm.Barrier()
    fh = MPI.File.Open(comm, name, MPI.MODE_RDONLY)
    if c.get("overlapRead"):
        fh.Set_view(0, et, et.Create_contiguous(2).Create_resized(0, et.Get_extent()[1]).Commit())
    else:
        view(fh, c["rmode"])
    rn = n + c["extra"]
    got = bytearray(span(mt, rn))
    st = MPI.Status()
    r = c["rmode"]
    if r == "at":
        fh.Read_at(off, [got, rn, mt], st)
    elif r == "at_all":
        fh.Read_at_all(off, [got, rn, mt], st)
    elif r == "iat":
        fh.Iread_at(off, [got, rn, mt]).Wait(st)
    elif r == "ind":
        fh.Seek(off)
        fh.Read([got, rn, mt], st)
    elif r == "ind_all":
        fh.Seek(off)
        fh.Read_all([got, rn, mt], st)
    elif r == "shared":
        for turn in range(np_):
            if turn == rank:
                fh.Read_shared([got, rn, mt], st)
            comm.Barrier()
    elif r == "ordered":
        fh.Read_ordered([got, rn, mt], st)
    cnt = st.Get_count(mt)
    out("read count=%s data=%s" % ("undef" if cnt == MPI.UNDEFINED else cnt, sha(got)))
    fh.Close()
    comm.Barrier()
    if rank == 0:
        with open(name, "rb") as f:
            b = f.read()
        out("file size=%d sha=%s" % (len(b), sha(b)))


def coll_case(c, out):
    dt = build(c["dt"]).Commit()
    describe(out, [dt])
    d = c["dt"]
    while d["k"] != "basic":
        d = d["cs"][0] if d["k"] == "struct" else d["c"]
    basic = getattr(MPI, d["t"])
    n = c["count"]
    k = dt.Get_size() // basic.Get_size()
    op = c["op"]
    if op == "bcast":
        buf = pattern(0, span(dt, n)) if rank == 0 else bytearray(span(dt, n))
        comm.Bcast([buf, n, dt], root=0)
        out("bcast " + sha(buf))
    elif op in ("gather", "allgather"):
        s = pattern(rank, span(dt, n))
        r = bytearray(np_ * n * dt.Get_size())
        if op == "gather":
            comm.Gather([s, n, dt], [r, n * k, basic] if rank == 0 else None, root=0)
        else:
            comm.Allgather([s, n, dt], [r, n * k, basic])
        out(op + " " + (sha(r) if rank == 0 or op == "allgather" else "-"))
    elif op == "alltoall":
        s = pattern(rank, span(dt, np_ * n))
        r = bytearray(np_ * n * dt.Get_size())
        comm.Alltoall([s, n, dt], [r, n * k, basic])
        out("alltoall " + sha(r))
    elif op == "scatter":
        s = pattern(0, span(dt, np_ * n)) if rank == 0 else None
        r = bytearray(n * dt.Get_size())
        comm.Scatter([s, n, dt] if rank == 0 else None, [r, n * k, basic], root=0)
        out("scatter " + sha(r))
    elif op in ("allreduce", "reduce"):
        s = pattern(rank, span(dt, n))
        r = bytearray(span(dt, n))
        if op == "allreduce":
            comm.Allreduce([s, n, dt], [r, n, dt], op=MPI.BOR)
        else:
            comm.Reduce([s, n, dt], [r, n, dt], op=MPI.BOR, root=0)
        out(op + " ok " + sha(r))


def rma_case(c, out):
    ot = build(c["ot"]).Commit()
    tt = build(c["tt"]).Commit()
    describe(out, [ot, tt])
    npd = NP_DT[c["basic"]]
    isz = np.dtype(npd).itemsize
    wn = (c["winBytes"] + isz - 1) // isz
    mem = ((np.arange(wn) * 3 + rank) % 100).astype(npd)
    on = (span(ot, c["oc"]) + isz - 1) // isz
    obuf = ((np.arange(on) * 5 + rank + 7) % 100).astype(npd)
    res = np.zeros(on, dtype=npd)
    win = MPI.Win.Create(mem, disp_unit=1, comm=comm)
    tgt = (rank + 1) % np_
    o = [obuf, c["oc"], ot]
    t = [c["tdisp"], c["tc"], tt]
    win.Fence()
    op = c["op"]
    if op == "put":
        win.Put(o, tgt, t)
    elif op == "get":
        obuf[:] = 0
        win.Get(o, tgt, t)
    elif op == "acc":
        win.Accumulate(o, tgt, t, op=MPI.SUM)
    elif op == "get_acc":
        win.Get_accumulate(o, [res, c["oc"], ot], tgt, t, op=MPI.SUM)
    win.Fence()
    out("rma win=%s origin=%s result=%s" % (sha(mem.tobytes()), sha(obuf.tobytes()), sha(res.tobytes())))
    win.Free()


def main():
    with open(sys.argv[1]) as f:
        cases = [json.loads(line) for line in f if line.strip()]
    os.chdir(sys.argv[2])
    for c in cases:
        lines = []
        out = lines.append
        try:
            {"io": io_case, "coll": coll_case, "rma": rma_case}[c["kind"]](c, out)
        except MPI.Exception as e:
            out("err " + ERRS.get(e.Get_error_class(), str(e.Get_error_class())))
        except Exception as e:  # a mistake of this runner, reported as such
            out("exc %s %s" % (type(e).__name__, e))
        sys.stdout.write("".join("C%d R%d %s\n" % (c["id"], rank, l) for l in lines))
        sys.stdout.flush()
        comm.Barrier()


main()
