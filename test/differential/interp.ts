/**
 * The mpisim half of a differential case: the same steps as runner.py, call for call, as an
 * mpisim program. Lines are printed without the "C<id> R<rank>" prefix (runProgram keeps each
 * rank's lines apart); the file line is added from the run's files by the caller.
 */
import { createHash } from "node:crypto";
import type { MPI } from "../../core/api.ts";
import { MPIException } from "../../core/errors.ts";
import type { Datatype } from "../../core/datatype/index.ts";
import { build, type TypeDesc } from "./types.ts";
import type { Case, CollCase, IoCase, RmaCase } from "./gen.ts";

export const sha = (b: ArrayBufferView): string =>
  createHash("sha256").update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest("hex").slice(0, 16);

const pattern = (r: number, n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + r * 31 + 1) & 255);
const span = (t: Datatype, count: number): number => (count === 0 ? 0 : (count - 1) * t.extent + t.trueLb + t.trueExtent);
const describe = (ts: Datatype[]): string => "types " + ts.map((t) => [t.lb, t.extent, t.trueLb, t.trueExtent, t.size].join(":")).join(" ");

type Out = (line: string) => void;
type File = Awaited<ReturnType<MPI["File"]["Open"]>>;

async function ioCase(MPI: MPI, c: IoCase, out: Out): Promise<void> {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const np = comm.Get_size();
  const ft = build(c.ft).Commit();
  const mt = build(c.mt).Commit();
  out(describe([ft, mt]));
  const et = (MPI as unknown as Record<string, Datatype>)[c.etype];
  const ext = ft.extent;
  const mine = c.layout === "interleaved" ? ft.Create_resized(0, np * ext).Commit() : ft;
  const view = (fh: File, mode: string) => {
    if (mode === "shared" || mode === "ordered") return fh.Set_view(0, et, ft);
    if (c.layout === "interleaved") return fh.Set_view(rank * ext, et, mine);
    return fh.Set_view(rank * c.region, et, ft);
  };
  const name = `c${c.id}.bin`;
  const n = c.count;
  const data = pattern(rank, span(mt, n));
  let fh = await MPI.File.Open(comm, name, MPI.MODE_CREATE | MPI.MODE_WRONLY);
  await view(fh, c.wmode);
  const off = c.offset;
  const spec = [data, n, mt];
  switch (c.wmode) {
    case "at": await fh.Write_at(off, spec); break;
    case "at_all": await fh.Write_at_all(off, spec); break;
    case "iat": await fh.Iwrite_at(off, spec).Wait(); break;
    case "ind": await fh.Seek(off); await fh.Write(spec); break;
    case "ind_all": await fh.Seek(off); await fh.Write_all(spec); break;
    case "shared":
      for (let turn = 0; turn < np; turn++) {
        if (turn === rank) await fh.Write_shared(spec);
        await comm.Barrier();
      }
      break;
    case "ordered": await fh.Write_ordered(spec); break;
  }
  await fh.Close();
  await comm.Barrier();
  fh = await MPI.File.Open(comm, name, MPI.MODE_RDONLY);
  if (c.overlapRead) await fh.Set_view(0, et, et.Create_contiguous(2).Create_resized(0, et.extent).Commit());
  else await view(fh, c.rmode);
  const rn = n + c.extra;
  const got = new Uint8Array(span(mt, rn));
  const st = new MPI.Status();
  const rspec = [got, rn, mt];
  switch (c.rmode) {
    case "at": await fh.Read_at(off, rspec, st); break;
    case "at_all": await fh.Read_at_all(off, rspec, st); break;
    case "iat": await fh.Iread_at(off, rspec).Wait(st); break;
    case "ind": await fh.Seek(off); await fh.Read(rspec, st); break;
    case "ind_all": await fh.Seek(off); await fh.Read_all(rspec, st); break;
    case "shared":
      for (let turn = 0; turn < np; turn++) {
        if (turn === rank) await fh.Read_shared(rspec, st);
        await comm.Barrier();
      }
      break;
    case "ordered": await fh.Read_ordered(rspec, st); break;
  }
  const cnt = st.Get_count(mt);
  out(`read count=${cnt === MPI.UNDEFINED ? "undef" : cnt} data=${sha(got)}`);
  await fh.Close();
  await comm.Barrier();
  if (rank === 0) {
    // runner.py reads the closed file with Python's open(); here, through MPI on COMM_SELF.
    const f = await MPI.File.Open(MPI.COMM_SELF, name, MPI.MODE_RDONLY);
    const b = new Uint8Array(await f.Get_size());
    await f.Read_at(0, b);
    await f.Close();
    out(`file size=${b.length} sha=${sha(b)}`);
  }
}

function basicOf(d: TypeDesc): string {
  while (d.k !== "basic") d = d.k === "struct" ? d.cs[0] : d.c;
  return d.t;
}

async function collCase(MPI: MPI, c: CollCase, out: Out): Promise<void> {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const np = comm.Get_size();
  const dt = build(c.dt).Commit();
  out(describe([dt]));
  const basic = (MPI as unknown as Record<string, Datatype>)[basicOf(c.dt)];
  const n = c.count;
  const k = dt.size / basic.size;
  switch (c.op) {
    case "bcast": {
      const buf = rank === 0 ? pattern(0, span(dt, n)) : new Uint8Array(span(dt, n));
      await comm.Bcast([buf, n, dt], 0);
      out("bcast " + sha(buf));
      break;
    }
    case "gather": case "allgather": {
      const s = pattern(rank, span(dt, n));
      const r = new Uint8Array(np * n * dt.size);
      if (c.op === "gather") await comm.Gather([s, n, dt], rank === 0 ? [r, n * k, basic] : null, 0);
      else await comm.Allgather([s, n, dt], [r, n * k, basic]);
      out(c.op + " " + (rank === 0 || c.op === "allgather" ? sha(r) : "-"));
      break;
    }
    case "alltoall": {
      const s = pattern(rank, span(dt, np * n));
      const r = new Uint8Array(np * n * dt.size);
      await comm.Alltoall([s, n, dt], [r, n * k, basic]);
      out("alltoall " + sha(r));
      break;
    }
    case "scatter": {
      const s = rank === 0 ? pattern(0, span(dt, np * n)) : null;
      const r = new Uint8Array(n * dt.size);
      await comm.Scatter(rank === 0 ? [s, n, dt] : null, [r, n * k, basic], 0);
      out("scatter " + sha(r));
      break;
    }
    case "allreduce": case "reduce": {
      const s = pattern(rank, span(dt, n));
      const r = new Uint8Array(span(dt, n));
      if (c.op === "allreduce") await comm.Allreduce([s, n, dt], [r, n, dt], MPI.BOR);
      else await comm.Reduce([s, n, dt], [r, n, dt], MPI.BOR, 0);
      out(`${c.op} ok ${sha(r)}`);
      break;
    }
  }
}

const TYPED = { INT: Int32Array, DOUBLE: Float64Array, SHORT: Int16Array } as const;

async function rmaCase(MPI: MPI, c: RmaCase, out: Out): Promise<void> {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const np = comm.Get_size();
  const ot = build(c.ot).Commit();
  const tt = build(c.tt).Commit();
  out(describe([ot, tt]));
  const T = TYPED[c.basic as keyof typeof TYPED];
  const isz = T.BYTES_PER_ELEMENT;
  const wn = Math.ceil(c.winBytes / isz);
  const mem = new T(wn).map((_, i) => (i * 3 + rank) % 100);
  const on = Math.ceil(span(ot, c.oc) / isz);
  const obuf = new T(on).map((_, i) => (i * 5 + rank + 7) % 100);
  const res = new T(on);
  const win = await MPI.Win.Create(mem, { disp_unit: 1, comm });
  const tgt = (rank + 1) % np;
  const o: [typeof obuf, number, Datatype] = [obuf, c.oc, ot];
  const t: [number, number, Datatype] = [c.tdisp, c.tc, tt];
  await win.Fence();
  switch (c.op) {
    case "put": win.Put(o, tgt, t); break;
    case "get": obuf.fill(0); win.Get(o, tgt, t); break;
    case "acc": win.Accumulate(o, tgt, t, MPI.SUM); break;
    case "get_acc": win.Get_accumulate(o, [res, c.oc, ot], tgt, t, MPI.SUM); break;
  }
  await win.Fence();
  out(`rma win=${sha(mem)} origin=${sha(obuf)} result=${sha(res)}`);
  await win.Free();
}

/** The case as an mpisim program body: prints its lines, an MPI error as "err <class>". */
export function caseMain(c: Case): (MPI: MPI) => Promise<void> {
  return async (MPI) => {
    const lines: string[] = [];
    const out: Out = (l) => lines.push(l);
    try {
      if (c.kind === "io") await ioCase(MPI, c, out);
      else if (c.kind === "coll") await collCase(MPI, c, out);
      else await rmaCase(MPI, c, out);
    } catch (e) {
      if (!(e instanceof MPIException)) throw e;
      out(`err ${e.errorClass}`);
    }
    for (const l of lines) console.log(l);
  };
}
