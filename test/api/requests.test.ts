/**
 * SPEC §2 persistent and requests rows: Send_init Ssend_init Recv_init, Prequest.Start/Startall,
 * restartable after completion; Wait Test Free Cancel Get_status; Request.Waitall Waitany
 * Waitsome Testall Testany Testsome, with mpi4py's return values, and the lower-case forms.
 */
import { describe, expect, it } from "vitest";
import { clean, mistake, mpiErrors, runRanks } from "./helpers.ts";

const J = (x: unknown) => JSON.stringify(x);

describe("persistent requests", () => {
  it("Send_init/Recv_init (positional and keyword) restart a thousand times through Start and Startall", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const r = c.Get_rank();
      const n = c.Get_size();
      const sb = new Int32Array(1);
      const rb = new Int32Array(1);
      const s = c.Send_init(sb, (r + 1) % n, 7);
      const q = c.Recv_init(rb, { source: (r - 1 + n) % n, tag: 7 });
      let sum = 0;
      for (let i = 0; i < 1000; i++) {
        sb[0] = i + r;
        if (i % 2) MPI.Prequest.Startall([s, q]);
        else {
          q.Start();
          s.Start();
        }
        const done = await MPI.Request.Waitall([s, q]);
        if (done !== true) throw new Error("Waitall must return true");
        sum += rb[0];
      }
      s.Free();
      q.Free();
      console.log(sum);
    });
    // rank r receives i + (r-1 mod 3) for i < 1000
    expect(out.map((o) => o[0])).toEqual([499500 + 2000, 499500, 499500 + 1000].map(String));
  });

  it("Ssend_init completes only when matched; Wait and Test on persistent requests; inactive Wait returns at once", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const s = c.Ssend_init(new Int32Array([5]), { dest: 1, tag: 2 });
        const idle = await s.Wait(); // inactive: returns at once
        s.Start();
        const early = await s.Test();
        await c.Send(new Int32Array(1), 1, 1); // now 1 posts its receive
        await s.Wait();
        s.Start();
        let flag = false;
        while (!flag) flag = await s.Test();
        s.Free();
        console.log(idle, early, flag);
      } else {
        const q = c.Recv_init(new Int32Array(1), 0, 2);
        await c.Recv(new Int32Array(1), 0, 1);
        for (let i = 0; i < 2; i++) {
          q.Start();
          const st = new MPI.Status();
          await q.Wait(st);
          console.log(st.Get_source(), st.Get_tag());
        }
        q.Free();
      }
    });
    expect(out).toEqual([["true false true"], ["0 2", "0 2"]]);
  });

  it("Start on an active request and Free of an active request are ERR_REQUEST", async () => {
    const a = await mistake(1, (MPI) => {
      const q = MPI.COMM_WORLD.Recv_init(new Int32Array(1), 0, 0);
      q.Start();
      q.Start();
    });
    expect([a.d.errorClass, a.d.call]).toEqual(["ERR_REQUEST", "Prequest.Start"]);
    const b = await mistake(1, (MPI) => {
      const q = MPI.COMM_WORLD.Recv_init(new Int32Array(1), 0, 0);
      q.Start();
      q.Free();
    });
    expect([b.d.errorClass, b.d.call]).toEqual(["ERR_REQUEST", "Request.Free"]);
    const c = await mistake(1, (MPI) => {
      const q = MPI.COMM_WORLD.Send_init(new Int32Array(1), 0, 0);
      q.Free();
      q.Start();
    });
    expect([c.d.errorClass, c.d.call]).toEqual(["ERR_REQUEST", "Prequest.Start"]);
  });
});

describe("Wait, Test, Get_status, Cancel, Free", () => {
  it("Cancel of an unmatched Irecv completes it as cancelled; the buffer is untouched; later sends go elsewhere", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const b = new Int32Array([-1]);
        const q = c.Irecv(b, 1, 0);
        q.Cancel();
        const st = new MPI.Status();
        const r = await q.Wait(st);
        await c.Barrier();
        const b2 = new Int32Array(1);
        await c.Recv(b2, 1, 0);
        console.log(r, st.Is_cancelled(), b[0], b2[0]);
      } else {
        await c.Barrier();
        await c.Send(new Int32Array([3]), 0, 0);
      }
    });
    expect(out[0]).toEqual(["true true -1 3"]);
  });

  it("a cancelled persistent receive can be restarted", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const b = new Int32Array(1);
        const q = c.Recv_init(b, 1, 0);
        q.Start();
        q.Cancel();
        const st = new MPI.Status();
        await q.Wait(st);
        const cancelled = st.Is_cancelled();
        await c.Barrier();
        q.Start();
        await q.Wait(st);
        q.Free();
        console.log(cancelled, st.Is_cancelled(), b[0]);
      } else {
        await c.Barrier();
        await c.Send(new Int32Array([8]), 0, 0);
      }
    });
    expect(out[0]).toEqual(["true false 8"]);
  });

  it("Get_status peeks without completing; Free of a completed request; Wait on a freed (null) request returns", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        const q = c.Irecv(new Int32Array(2), 1, 9);
        const st = new MPI.Status();
        const before = q.Get_status();
        while (!q.Get_status(st)) await c.Iprobe();
        console.log(before, st.Get_source(), st.Get_tag(), st.Get_count(MPI.INT));
        await q.Wait();
        console.log(await q.Wait(), await q.Test());
      } else {
        const s = c.Isend(new Int32Array([1, 2]), 0, 9);
        while (!(await s.Test())) {
          /* poll */
        }
        const t = c.Isend(new Int32Array(1), MPI.PROC_NULL);
        await t.Wait();
        t.Free(); // already null: a no-op
      }
    });
    expect(out[0]).toEqual(["false 1 9 2", "true true"]);
  });
});

describe("Request.Waitall Waitany Waitsome Testall Testany Testsome", () => {
  it("return mpi4py's values: true, index, indices, bool, [index, flag], indices; UNDEFINED/None when nothing is active", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const R = MPI.Request;
      if (c.Get_rank() === 0) {
        const bs = [new Int32Array(1), new Int32Array(1)];
        const qs = [c.Irecv(bs[0], 1, 0), c.Irecv(bs[1], 2, 0)];
        const none = await R.Testany(qs);
        const notAll = await R.Testall(qs);
        const someNone = await R.Testsome(qs);
        await c.Barrier(); // let 1 and 2 send
        const i = await R.Waitany(qs);
        const rest = await R.Waitsome(qs);
        const sts: InstanceType<typeof MPI.Status>[] = [];
        const allNull = [await R.Waitany(qs), await R.Testany(qs), await R.Waitsome(qs), await R.Testsome(qs), await R.Waitall(qs, sts), await R.Testall(qs)];
        console.log(J(none), notAll, J(someNone), J([i, ...rest!].sort()), J(allNull.map((x) => (x === MPI.UNDEFINED ? "U" : x))), sts.length);
      } else {
        await c.Barrier();
        await c.Send(new Int32Array([c.Get_rank()]), 0, 0);
      }
    });
    expect(out[0]).toEqual([`[${-32766},false] false [] [0,1] ["U",[${-32766},true],null,null,true,true] 2`]);
  });

  it("a Waitall completes the requests it was given even when the list is changed before it is awaited", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const o = 1 - c.Get_rank();
      const got = new Int32Array(1);
      const reqs: unknown[] = [c.Irecv(got, o, 3), c.Isend(new Int32Array([40 + c.Get_rank()]), o, 3)];
      const pending = MPI.Request.Waitall(reqs as never);
      // erroneous (the list belongs to the pending call), but the wait keeps its own list
      reqs.length = 0;
      reqs.push(null, 5);
      await pending;
      console.log(got[0]);
    });
    expect(r.diagnostics.filter((d) => d.kind === "rank-exception").map((d) => d.message)).toEqual([]);
    expect(r.outputs).toEqual([["41"], ["40"]]);
  });

  it("statuses lists are filled and extended, one per request (Waitall) or per completion (Waitsome)", async () => {
    const out = await clean(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const o = 1 - c.Get_rank();
      const sts: InstanceType<typeof MPI.Status>[] = [];
      await MPI.Request.Waitall([c.Isend(new Int32Array(1), o, 4), null, c.Irecv(new Int32Array(1), o, 4)], sts);
      const some: InstanceType<typeof MPI.Status>[] = [new MPI.Status()];
      const reqs = [null, c.Irecv(new Int32Array(1), o, 5), c.Isend(new Int32Array(1), o, 5)];
      const idx = await MPI.Request.Waitsome(reqs, some);
      await MPI.Request.Waitall(reqs);
      console.log(sts.length, sts[2].Get_source() === o, sts[2].Get_tag(), sts[1].Get_source() === MPI.ANY_SOURCE, J(idx), some.length);
    });
    expect(out[0][0]).toMatch(/^3 true 4 true \[(1,2|2)\] [12]$/);
  });

  it("lower-case waitall, testall, waitany, testany, waitsome, testsome return the received objects", async () => {
    const out = await clean(3, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const R = MPI.Request;
      if (c.Get_rank() === 0) {
        const all = await R.waitall([c.irecv(null, 1, 0), c.irecv(null, 2, 0)]);
        const [i, obj] = await R.waitany([null, c.irecv(null, 1, 1)]);
        const q = c.irecv(null, 2, 1);
        let t = await R.testany([q]);
        while (!t[1]) t = await R.testany([q]);
        const [idx, objs] = await R.waitsome([c.irecv(null, 1, 2)]);
        console.log(J(all), i, J(obj), J(t), J(idx), J(objs), J(await R.testall([])), J(await R.testsome([null])));
        // Every message must be received before the end (MPI 4.1 §11.2.2): rank 2's second one too.
        await c.recv(null, 2, 1);
      } else {
        const r = c.Get_rank();
        await c.send({ r }, 0, 0);
        await c.send(`x${r}`, 0, 1);
        if (r === 2) await c.send("again", 0, 1);
        if (r === 1) await c.send([r], 0, 2);
      }
    });
    expect(out[0][0]).toMatch(/^\[\{"r":1\},\{"r":2\}\] 1 "x1" \[0,true,"x2"\] \[0\] \[\[1\]\] \[true,\[\]\] \[null,null\]$/);
  });

  it("an error of one request is raised by Waitall after completing the others (ERR_TRUNCATE)", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const o = 1 - c.Get_rank();
      if (c.Get_rank() === 1) {
        await c.Send(new Int32Array([1, 2]), o, 0);
        await c.Send(new Int32Array([3]), o, 1);
        return;
      }
      const a = new Int32Array(1);
      const b = new Int32Array(1);
      const sts: InstanceType<typeof MPI.Status>[] = [];
      try {
        await MPI.Request.Waitall([c.Irecv(a, o, 0), c.Irecv(b, o, 1)], sts);
      } catch (e) {
        console.log((e as InstanceType<typeof MPI.Exception>).errorClass, b[0], sts[0].Get_error() === MPI.ERR_TRUNCATE, sts[1].Get_error());
      }
    });
    expect(r.outputs[0]).toEqual(["ERR_TRUNCATE 3 true 0"]);
    expect(mpiErrors(r)).toEqual(["0:ERR_TRUNCATE:Comm.Recv"]);
  });
});
