/**
 * SPEC §2 point-to-point row, with mpi4py's signatures: Send Recv Ssend Isend Irecv Issend
 * Sendrecv Sendrecv_replace Probe Iprobe, Status (Get_source Get_tag Get_count Get_error), the
 * lower-case object forms, and the argument mistakes each can meet.
 */
import { describe, expect, it } from "vitest";
import type { MPIException } from "../../index.ts";
import { clean, mistake, mpiErrors, only, runRanks } from "./helpers.ts";

const seeds = [0, 1, 2, 3, 4, 5];

describe("blocking sends and receives", () => {
  it("Send/Recv take positional or keyword (options object) arguments with mpi4py's defaults", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        await c.Send(new Int32Array([1]), 1); // tag defaults to 0
        await c.Send(new Int32Array([2]), { dest: 1, tag: 5 });
        await c.Send(new Float64Array([3.5]), 1, 6);
      } else {
        const b = new Int32Array(1);
        const st = new MPI.Status();
        await c.Recv(b, 0, 0, st); // positional: buf, source, tag, status
        console.log(b[0], st.Get_source(), st.Get_tag());
        await c.Recv(b, { status: st }); // source ANY_SOURCE, tag ANY_TAG by default
        console.log(b[0], st.Get_source(), st.Get_tag());
        const d = new Float64Array(1);
        await c.Recv([d, MPI.DOUBLE], { source: 0, tag: 6 });
        console.log(d[0]);
      }
    });
    expect(out[1]).toEqual(["1 0 0", "2 0 5", "3.5"]);
  });

  it("Ssend completes only once matched: head-to-head Ssends deadlock, with a diagnostic", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      await c.Ssend(new Int32Array(1), 1 - c.Get_rank());
      await c.Recv(new Int32Array(1), 1 - c.Get_rank());
    });
    expect(r.status).toBe("deadlock");
    expect(only(r, "deadlock").ranks.sort()).toEqual([0, 1]);
  });

  it("Bsend and Rsend are there too (README): a buffered send completes at once", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const o = 1 - c.Get_rank();
      if (c.Get_rank() === 0) {
        await c.Recv(new Int32Array(1), o, 1); // 1 posts its receive for tag 2 first, then Bsends
        await c.Rsend(new Int32Array([7]), o, 2);
      } else {
        const q = c.Irecv(new Int32Array(1), o, 2);
        await c.Bsend(new Int32Array([1]), o, 1);
        await q.Wait();
      }
      console.log("ok");
    }, { buffering: "rendezvous" });
    expect(out).toEqual([["ok"], ["ok"]]);
  });

  it("PROC_NULL: sends vanish, receives complete at once with source PROC_NULL, tag ANY_TAG, count 0", async () => {
    const out = await clean(1, async (MPI) => {
      const c = MPI.COMM_WORLD;
      await c.Send(new Int32Array(1), MPI.PROC_NULL);
      const st = new MPI.Status();
      const b = new Int32Array([9]);
      await c.Recv(b, MPI.PROC_NULL, 3, st);
      console.log(st.Get_source() === MPI.PROC_NULL, st.Get_tag() === MPI.ANY_TAG, st.Get_count(MPI.INT), b[0]);
    });
    expect(out[0]).toEqual(["true true 0 9"]);
  });
});

describe("Status", () => {
  it("Get_source, Get_tag, Get_count (bytes by default, elements of a datatype), Get_error 0", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 1) await c.Send(new Int32Array([1, 2, 3]), 0, 42);
      else {
        const st = new MPI.Status();
        await c.Recv(new Int32Array(8), MPI.ANY_SOURCE, MPI.ANY_TAG, st);
        console.log(st.Get_source(), st.Get_tag(), st.Get_count(), st.Get_count(MPI.INT), st.Get_count(MPI.SHORT), st.Get_count(MPI.DOUBLE) === MPI.UNDEFINED, st.Get_error() === MPI.SUCCESS);
      }
    });
    expect(out[0]).toEqual(["1 42 12 3 6 true true"]);
  });

  it("a message ending inside a derived element: Get_count UNDEFINED, Get_elements counts basic elements, the bytes land", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) await c.Send(new Int32Array([1, 2, 3]), 1);
      else {
        const pair = MPI.INT.Create_contiguous(2).Commit();
        const b = new Int32Array([-1, -1, -1, -1]);
        const st = new MPI.Status();
        await c.Recv([b, 2, pair], 0, 0, st);
        console.log(st.Get_count(pair) === MPI.UNDEFINED, st.Get_elements(pair), st.Get_count(MPI.INT), b.join(","));
        pair.Free();
      }
    });
    expect(out[1]).toEqual(["true 3 3 1,2,3,-1"]);
  });

  it("Get_error gives the error class of a truncated receive; the exception carries it too", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) await c.Send(new Int32Array([1, 2, 3]), 1);
      else {
        const st = new MPI.Status();
        const b = new Int32Array(2);
        try {
          await c.Recv(b, 0, 0, st);
        } catch (e) {
          const x = e as MPIException;
          console.log(x.errorClass, x.Get_error_class() === MPI.ERR_TRUNCATE, st.Get_error() === MPI.ERR_TRUNCATE, st.Get_count(MPI.INT), b.join(","));
        }
      }
    });
    expect(r.outputs[1]).toEqual(["ERR_TRUNCATE true true 2 1,2"]);
    expect(mpiErrors(r)).toEqual(["1:ERR_TRUNCATE:Comm.Recv"]);
  });

  it("Get_count with something that is not a datatype is ERR_TYPE", async () => {
    const { d } = await mistake(1, (MPI) => {
      new MPI.Status().Get_count("INT" as never);
    });
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], "ERR_TYPE", "Status.Get_count"]);
  });
});

describe("non-blocking", () => {
  it("Isend/Irecv return requests; Wait returns true, Test a boolean", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const o = 1 - c.Get_rank();
      const b = new Int32Array(1);
      const rq = c.Irecv(b, o, 1);
      const flag = await rq.Test();
      const sq = c.Isend(new Int32Array([10 + c.Get_rank()]), { dest: o, tag: 1 });
      console.log(rq instanceof MPI.Request, typeof flag, await sq.Wait(), await rq.Wait(), b[0]);
    });
    expect(out).toEqual([["true boolean true true 11"], ["true boolean true true 10"]]);
  });

  it("Issend completes only when matched: Test stays false until the receive is posted", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const q = c.Issend(new Int32Array([5]), 1, 0);
        const before = await q.Test();
        await c.Send(new Int32Array(1), 1, 1); // tells 1 to post its receive
        await q.Wait();
        console.log(before);
      } else {
        await c.Recv(new Int32Array(1), 0, 1);
        await c.Recv(new Int32Array(1), 0, 0);
      }
    });
    expect(out[0]).toEqual(["false"]);
  });

  it("an Isend buffer may be reused once Wait returns, whatever the buffering and the schedule", async () => {
    for (const buffering of ["eager", "rendezvous"] as const) {
      for (const seed of seeds) {
        const out = await clean(2, async (MPI) => {
          const c = MPI.COMM_WORLD;
          if (c.Get_rank() === 0) {
            const b = new Int32Array([1, 1]);
            for (let i = 2; i < 5; i++) {
              const q = c.Isend(b, 1, 0);
              await q.Wait();
              b.fill(i);
            }
          } else {
            const got: number[] = [];
            const b = new Int32Array(2);
            for (let i = 0; i < 3; i++) {
              await c.Recv(b, 0, 0);
              got.push(b[0] * 10 + b[1]);
            }
            console.log(got.join(" "));
          }
        }, { buffering, seed });
        expect(out[1]).toEqual(["11 22 33"]);
      }
    }
  });
});

describe("Sendrecv, Sendrecv_replace, Probe, Iprobe", () => {
  it("Sendrecv positional and keyword, Sendrecv_replace sends the old contents", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const o = 1 - r;
      const a = new Int32Array(1);
      await c.Sendrecv(new Int32Array([r + 10]), o, 0, a, o, 0);
      const b = new Int32Array(1);
      const st = new MPI.Status();
      await c.Sendrecv(new Int32Array([r + 20]), { dest: o, sendtag: 3, recvbuf: b, source: o, recvtag: 3, status: st });
      const x = new Int32Array([r + 30]);
      await c.Sendrecv_replace(x, o, 4, o, 4);
      console.log(a[0], b[0], st.Get_tag(), x[0]);
    });
    expect(out).toEqual([["11 21 3 31"], ["10 20 3 30"]]);
  });

  it("Probe returns true and fills the status; Iprobe returns a boolean", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const none = await c.Iprobe(1, 99);
        await c.Send(new Int32Array(1), 1, 1); // now 1 sends
        const st = new MPI.Status();
        const p = await c.Probe({ source: 1, tag: 7, status: st });
        let seen = await c.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG);
        while (!seen) seen = await c.Iprobe();
        const b = new Float64Array(st.Get_count(MPI.DOUBLE));
        await c.Recv(b, st.Get_source(), st.Get_tag());
        console.log(none, p, seen, b.length, b[1]);
      } else {
        await c.Recv(new Int32Array(1), 0, 1);
        await c.Send(new Float64Array([0.5, 1.5]), 0, 7);
      }
    });
    expect(out[0]).toEqual(["false true true 2 1.5"]);
  });

  it("a mistake in Sendrecv's receive half is raised before the send half is posted", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        try {
          await c.Sendrecv(new Int32Array([5]), 1, 0, "not a buffer" as never, 1, 0);
        } catch {
          /* reported */
        }
        await c.Send(new Int32Array([6]), 1, 0);
      } else {
        const b = new Int32Array(1);
        await c.Recv(b, 0, 0);
        console.log(b[0]); // the 6: no 5 was left in flight
      }
    });
    expect(r.outputs[1]).toEqual(["6"]);
    expect(mpiErrors(r)).toEqual(["0:ERR_BUFFER:Comm.Sendrecv"]);
  });

  it("a status argument that is not a Status is ERR_ARG (Recv, Probe, Iprobe, Sendrecv, recv)", async () => {
    const calls: [string, (MPI: any) => Promise<unknown>][] = [
      ["Comm.Recv", (MPI) => MPI.COMM_WORLD.Recv(new Int32Array(1), 0, 0, 5)],
      ["Comm.Recv", (MPI) => MPI.COMM_WORLD.Recv(new Int32Array(1), { source: 0, status: "s" })],
      ["Comm.Probe", (MPI) => MPI.COMM_WORLD.Probe(0, 0, [])],
      ["Comm.Iprobe", (MPI) => MPI.COMM_WORLD.Iprobe({ status: 1 })],
      ["Comm.Sendrecv", (MPI) => MPI.COMM_WORLD.Sendrecv(new Int32Array(1), 0, 0, new Int32Array(1), 0, 0, new Int32Array(1))],
      ["Comm.recv", (MPI) => MPI.COMM_WORLD.recv(null, 0, 0, 7)],
    ];
    for (const [call, f] of calls) {
      const { d } = await mistake(1, (MPI) => f(MPI) as Promise<void>);
      expect([d.ranks, d.errorClass, d.call]).toEqual([[0], "ERR_ARG", call]);
    }
  });
});

describe("lower-case object point-to-point", () => {
  it("send/recv/isend/irecv/sendrecv with mpi4py's argument order (recv(buf, source, tag))", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const o = 1 - r;
      if (r === 0) {
        await c.send({ a: [1, 2] }, 1, 3);
        await c.isend("two", { dest: 1 }).Wait();
      } else {
        const st = new MPI.Status();
        const x = await c.recv(null, 0, 3, st);
        const q = c.irecv({ source: 0 });
        const y = await q.wait();
        console.log(JSON.stringify(x), st.Get_tag(), y);
      }
      const z = await c.sendrecv({ from: r }, o, 0, null, o, 0);
      const w = await c.sendrecv([r], { dest: o, source: o });
      console.log(JSON.stringify(z), JSON.stringify(w));
    });
    expect(out).toEqual([['{"from":1} [1]'], ['{"a":[1,2]} 3 two', '{"from":0} [0]']]);
  });

  it("the object is copied at the call, as mpi4py pickles it: later changes are not sent (also synchronous issend)", async () => {
    for (const buffering of ["eager", "rendezvous"] as const) {
      const out = await clean(2, async (MPI) => {
        const c = MPI.COMM_WORLD;
        if (c.Get_rank() === 0) {
          const o = { v: 1 };
          const q = c.issend(o, 1, 0);
          o.v = 2;
          await q.Wait();
        } else {
          await c.Barrier;
          console.log(JSON.stringify(await c.recv(null, 0, 0)));
        }
      }, { buffering });
      expect(out[1]).toEqual(['{"v":1}']);
    }
  });

  it("a value structuredClone cannot copy is the sender's ERR_ARG, and nothing is sent", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        try {
          await c.send(() => 1, 1);
        } catch {
          /* reported */
        }
        await c.send("fine", 1);
      } else console.log(await c.recv(null, 0));
    });
    expect(r.outputs[1]).toEqual(["fine"]);
    expect(mpiErrors(r)).toEqual(["0:ERR_ARG:Comm.send"]);
  });
});

describe("argument mistakes are mpi-errors with the right class", () => {
  const cases: [string, string, (MPI: any) => unknown][] = [
    ["ERR_RANK", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send(new Int32Array(1), "1")],
    ["ERR_RANK", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send(new Int32Array(1))],
    ["ERR_RANK", "Comm.Isend", (MPI) => MPI.COMM_WORLD.Isend(new Int32Array(1), 5)],
    ["ERR_RANK", "Comm.Recv", (MPI) => MPI.COMM_WORLD.Recv(new Int32Array(1), -7)],
    ["ERR_TAG", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send(new Int32Array(1), 0, -1)],
    ["ERR_TAG", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send(new Int32Array(1), 0, 1.5)],
    ["ERR_TAG", "Comm.Irecv", (MPI) => MPI.COMM_WORLD.Irecv(new Int32Array(1), 0, "x")],
    ["ERR_BUFFER", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send([1, 2, 3], 0)],
    ["ERR_BUFFER", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send(undefined, 0)],
    ["ERR_BUFFER", "Comm.Recv", (MPI) => MPI.COMM_WORLD.Recv("abc", 0)],
    ["ERR_COUNT", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send([new Int32Array(2), -1, MPI.INT], 0)],
    ["ERR_BUFFER", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send([new Int32Array(2), 3, MPI.INT], 0)],
    ["ERR_TYPE", "Comm.Send", (MPI) => MPI.COMM_WORLD.Send([new Int32Array(4), 1, MPI.INT.Create_vector(2, 1, 2)], 0)],
    ["ERR_RANK", "Comm.Send_init", (MPI) => MPI.COMM_WORLD.Send_init(new Int32Array(1), null)],
    ["ERR_RANK", "Comm.Sendrecv_replace", (MPI) => MPI.COMM_WORLD.Sendrecv_replace(new Int32Array(1), "x")],
  ];
  it.each(cases)("%s from %s", async (errorClass, call, f) => {
    const { d } = await mistake(1, (MPI) => f(MPI) as Promise<void>);
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], errorClass, call]);
  });
});

describe("BOTTOM and None (null) buffers, as mpi4py reads them", () => {
  it("[BOTTOM, …] and [null, …] are empty messages; a bare null is fine for a PROC_NULL peer", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        await c.Send([MPI.BOTTOM, 0, MPI.INT], 1, 0);
        await c.Send([null, MPI.INT], 1, 1);
        await c.Send(null, MPI.PROC_NULL);
        await c.Recv(null, MPI.PROC_NULL);
        await c.Sendrecv(null, MPI.PROC_NULL, 0, null, MPI.PROC_NULL);
        const p = c.Send_init(null, MPI.PROC_NULL);
        p.Start();
        await p.Wait();
        p.Free();
      } else {
        const st = new MPI.Status();
        await c.Recv([null, 0, MPI.INT], 0, 0, st);
        const a = st.Get_count(MPI.INT);
        await c.Recv([MPI.BOTTOM, MPI.INT], 0, 1, st);
        console.log(a, st.Get_count(MPI.INT), st.Get_tag());
      }
      await c.Bcast([MPI.BOTTOM, 0, MPI.INT]);
    });
    expect(out[1]).toEqual(["0 0 1"]);
  });

  it("BOTTOM with a count (absolute addresses) and a bare null to a real peer are ERR_BUFFER", async () => {
    for (const f of [(MPI: any) => MPI.COMM_WORLD.Send([MPI.BOTTOM, 2, MPI.INT], 0), (MPI: any) => MPI.COMM_WORLD.Send(null, 0)]) {
      const { d } = await mistake(1, f);
      expect([d.errorClass, d.call]).toEqual(["ERR_BUFFER", "Comm.Send"]);
    }
  });
});
