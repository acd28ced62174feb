/**
 * Generated MPI programs for the scheduler's property tests: a program is plain data (a list of
 * operations per rank) interpreted by one main function, so fast-check can generate and shrink it
 * and its hash is the hash of the data.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Program } from "../../core/program.ts";

/** Operations of the small programs DPOR is compared with brute force on. */
export type SmallOp =
  | { op: "send"; to: number; tag: number }
  | { op: "recv"; from: number | "any"; tag: number }
  | { op: "put"; target: number; slot: number; excl: boolean }
  | { op: "get"; target: number; slot: number; excl: boolean };

export interface SmallSpec {
  ranks: number;
  rma: boolean;
  ops: SmallOp[][];
}

/** Build a Program from a spec: each rank runs its ops, then prints what it saw (for equivalence checks). */
export function smallProgram(spec: SmallSpec): Program {
  const main = async (MPI: any) => {
    const comm = MPI.COMM_WORLD;
    const rank: number = comm.Get_rank();
    const seen: string[] = [];
    const mem = new Int32Array(2);
    const win = spec.rma ? await MPI.Win.Create(mem, { comm }) : null;
    for (const o of spec.ops[rank] ?? []) {
      if (o.op === "send") await comm.Send(new Int32Array([rank * 10 + o.tag]), o.to, o.tag);
      else if (o.op === "recv") {
        const b = new Int32Array(1);
        await comm.Recv(b, o.from === "any" ? MPI.ANY_SOURCE : o.from, o.tag);
        seen.push(`r${b[0]}`);
      } else if (win) {
        await win.Lock(o.target, o.excl ? MPI.LOCK_EXCLUSIVE : MPI.LOCK_SHARED);
        if (o.op === "put") win.Put([new Int32Array([rank + 1]), MPI.INT], o.target, o.slot);
        else {
          const b = new Int32Array(1);
          win.Get([b, MPI.INT], o.target, o.slot);
          await win.Flush(o.target);
          seen.push(`g${b[0]}`);
        }
        await win.Unlock(o.target);
      }
    }
    if (win) {
      await comm.Barrier();
      seen.push(`m${mem[0]},${mem[1]}`);
      await win.Free();
    }
    console.log(seen.join(" "));
  };
  return dataProgram("small", spec, main);
}

/** A generated program: its hash is the hash of the data it was made from. */
export function dataProgram(name: string, spec: unknown, main: (MPI: any) => Promise<void>): Program {
  return {
    name,
    hash: createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16),
    main: main as Program["main"],
    ranks: (spec as { ranks?: number }).ranks,
    instrumented: false,
    exports: {},
  };
}

/**
 * Small programs: 2–3 ranks; messages (some received with ANY_SOURCE) and, when `rma`, lock
 * epochs with one Put or Get each on two slots (two Puts to the same bytes are common).
 */
export function smallSpecs(opts: { rma?: boolean; maxMsgs?: number; maxRma?: number } = {}): fc.Arbitrary<SmallSpec> {
  return fc.integer({ min: 2, max: 3 }).chain((ranks) => {
    const rank = fc.integer({ min: 0, max: ranks - 1 });
    const msg = fc.record({ from: rank, to: rank, tag: fc.integer({ min: 0, max: 1 }), any: fc.boolean() }).filter((m) => m.from !== m.to);
    const rmaOp = fc.record({ who: rank, target: rank, slot: fc.integer({ min: 0, max: 1 }), put: fc.boolean(), excl: fc.boolean() });
    return fc
      .record({
        msgs: fc.array(msg, { maxLength: opts.maxMsgs ?? 3 }),
        rmas: opts.rma ? fc.array(rmaOp, { minLength: 1, maxLength: opts.maxRma ?? 3 }) : fc.constant([]),
        order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      })
      .map(({ msgs, rmas, order }) => {
        const ops: SmallOp[][] = Array.from({ length: ranks }, () => []);
        // Each rank's sends before its receives keeps most programs deadlock-free (eager sends).
        for (const m of msgs) ops[m.from].push({ op: "send", to: m.to, tag: m.tag });
        for (const m of msgs) ops[m.to].push({ op: "recv", from: m.any ? "any" : m.from, tag: m.tag });
        for (const r of rmas) ops[r.who].push(r.put ? { op: "put", target: r.target, slot: r.slot, excl: r.excl } : { op: "get", target: r.target, slot: r.slot, excl: r.excl });
        // A little reordering of RMA epochs among a rank's ops.
        ops.forEach((list, r) => {
          const k = order[r % order.length] % (list.length + 1);
          const rm = list.filter((o) => o.op === "put" || o.op === "get");
          const p2p = list.filter((o) => o.op === "send" || o.op === "recv");
          ops[r] = [...p2p.slice(0, k), ...rm, ...p2p.slice(k)];
        });
        return { ranks, rma: rmas.length > 0, ops };
      });
  });
}

/** Operations of random programs for the replay and robustness properties (mistakes included). */
export type AnyOp =
  | { op: "send" | "ssend"; to: number; tag: number; n: number }
  | { op: "isend"; to: number; tag: number }
  | { op: "recv"; from: number; tag: number; n: number }
  | { op: "irecv"; from: number; tag: number }
  | { op: "waitall" | "testall" | "barrier" | "allreduce" | "gather" }
  | { op: "bcast"; root: number }
  | { op: "persist"; to: number; from: number; iters: number }
  | { op: "iprobe"; from: number };

export interface AnySpec {
  ranks: number;
  ops: AnyOp[][];
}

/** -1 stands for ANY_SOURCE; ranks may be out of range (an MPI error the simulator must report). */
export function anySpecs(): fc.Arbitrary<AnySpec> {
  return fc.integer({ min: 1, max: 4 }).chain((ranks) => {
    const peer = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: ranks - 1 }) }, { weight: 1, arbitrary: fc.constantFrom(ranks, -5) });
    const src = fc.oneof({ weight: 3, arbitrary: peer }, { weight: 2, arbitrary: fc.constant(-1) });
    const tag = fc.integer({ min: 0, max: 2 });
    const op: fc.Arbitrary<AnyOp> = fc.oneof(
      fc.record({ op: fc.constantFrom("send" as const, "ssend" as const), to: peer, tag, n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant("isend" as const), to: peer, tag }),
      fc.record({ op: fc.constant("recv" as const), from: src, tag, n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant("irecv" as const), from: src, tag }),
      fc.record({ op: fc.constantFrom("waitall" as const, "testall" as const, "barrier" as const, "allreduce" as const, "gather" as const) }),
      fc.record({ op: fc.constant("bcast" as const), root: peer }),
      fc.record({ op: fc.constant("persist" as const), to: peer, from: src, iters: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ op: fc.constant("iprobe" as const), from: src }),
    );
    return fc.record({ ranks: fc.constant(ranks), ops: fc.array(fc.array(op, { maxLength: 6 }), { minLength: ranks, maxLength: ranks }) });
  });
}

export function anyProgram(spec: AnySpec): Program {
  const main = async (MPI: any) => {
    const comm = MPI.COMM_WORLD;
    const rank: number = comm.Get_rank();
    const reqs: any[] = [];
    const src = (s: number) => (s === -1 ? MPI.ANY_SOURCE : s);
    for (const o of spec.ops[rank] ?? []) {
      switch (o.op) {
        case "send":
          await comm.Send(new Int32Array(o.n).fill(rank), o.to, o.tag);
          break;
        case "ssend":
          await comm.Ssend(new Int32Array(o.n).fill(rank), o.to, o.tag);
          break;
        case "isend":
          reqs.push(comm.Isend(new Int32Array([rank]), o.to, o.tag));
          break;
        case "recv": {
          const b = new Int32Array(o.n);
          const st = new MPI.Status();
          await comm.Recv(b, src(o.from), o.tag, st);
          console.log(`recv ${st.Get_source()} ${b[0]}`);
          break;
        }
        case "irecv":
          reqs.push(comm.Irecv(new Int32Array(1), src(o.from), o.tag));
          break;
        case "waitall":
          await MPI.Request.Waitall(reqs.splice(0));
          break;
        case "testall":
          console.log(`testall ${await MPI.Request.Testall(reqs)}`);
          break;
        case "barrier":
          await comm.Barrier();
          break;
        case "allreduce": {
          const out = new Int32Array(1);
          await comm.Allreduce(new Int32Array([rank]), out, MPI.SUM);
          console.log(`sum ${out[0]}`);
          break;
        }
        case "gather":
          console.log(`gather ${JSON.stringify(await comm.gather(rank, 0))}`);
          break;
        case "bcast": {
          const b = new Int32Array([rank]);
          await comm.Bcast(b, o.root);
          console.log(`bcast ${b[0]}`);
          break;
        }
        case "persist": {
          const sb = new Int32Array([rank]);
          const rb = new Int32Array(1);
          const s = comm.Send_init(sb, o.to, 7);
          const r = comm.Recv_init(rb, src(o.from), 7);
          for (let i = 0; i < o.iters; i++) {
            sb[0] = rank * 100 + i;
            MPI.Prequest.Startall([s, r]);
            await MPI.Request.Waitall([s, r]);
            console.log(`persist ${rb[0]}`);
          }
          s.Free();
          r.Free();
          break;
        }
        case "iprobe":
          console.log(`iprobe ${await comm.Iprobe(src(o.from), MPI.ANY_TAG)}`);
          break;
      }
    }
  };
  return {
    name: "random-program",
    hash: createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16),
    main: main as Program["main"],
    ranks: spec.ranks,
    instrumented: false,
    exports: {},
  };
}
