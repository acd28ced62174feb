import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { prog } from "../helpers/program.ts";

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("point-to-point matching", () => {
  it("is non-overtaking per sender even for wildcard receives (MPI 4.1 §3.5)", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) {
        for (let i = 0; i < 4; i++) await comm.Send(new Int32Array([i]), 1, i % 2);
      } else {
        const got: number[] = [];
        const b = new Int32Array(1);
        for (let i = 0; i < 4; i++) {
          await comm.Recv(b, MPI.ANY_SOURCE, MPI.ANY_TAG);
          got.push(b[0]);
        }
        console.log(got.join(","));
      }
    }, 2);
    for (const seed of seeds(60)) {
      const r = await runProgram(p, { seed });
      expect(r.outputs[1]).toEqual(["0,1,2,3"]);
    }
  });

  it("matches a specific tag past earlier messages with other tags", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) {
        await comm.Send(new Int32Array([10]), 1, 1);
        await comm.Send(new Int32Array([20]), 1, 2);
      } else {
        const b = new Int32Array(1);
        const st = new MPI.Status();
        await comm.Recv(b, 0, 2, st);
        const first = b[0];
        await comm.Recv(b, 0, 1);
        console.log(first, b[0], st.Get_tag(), st.Get_source(), st.Get_count(MPI.INT));
      }
    }, 2);
    for (const seed of seeds(20)) {
      const r = await runProgram(p, { seed });
      expect(r.outputs[1]).toEqual(["20 10 2 0 1"]);
    }
  });

  it("lets the scheduler choose which sender an ANY_SOURCE receive gets", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      if (rank > 0) await comm.Send(new Int32Array([rank]), 0, 0);
      else {
        const b = new Int32Array(1);
        const order: number[] = [];
        for (let i = 1; i < comm.Get_size(); i++) {
          const st = new MPI.Status();
          await comm.Recv(b, { source: MPI.ANY_SOURCE, status: st });
          expect(st.Get_source()).toBe(b[0]);
          order.push(b[0]);
        }
        console.log(order.join(""));
      }
    }, 4);
    const orders = new Set<string>();
    for (const seed of seeds(80)) {
      const r = await runProgram(p, { seed });
      expect(r.diagnostics).toEqual([]);
      orders.add(r.outputs[0][0]);
    }
    // every permutation of three senders shows up
    expect([...orders].sort()).toEqual(["123", "132", "213", "231", "312", "321"]);
  });

  it("raises ERR_TRUNCATE when the message is longer than the receive buffer", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) await comm.Send(new Int32Array([1, 2, 3]), 1);
      else {
        try {
          await comm.Recv(new Int32Array(2), 0);
        } catch (e) {
          console.log(`caught ${(e as InstanceType<typeof MPI.Exception>).errorClass}`);
        }
      }
    }, 2);
    const r = await runProgram(p, { seed: 1 });
    expect(r.outputs[1]).toEqual(["caught ERR_TRUNCATE"]);
    expect(r.diagnostics.map((d) => [d.kind, d.errorClass, d.ranks])).toEqual([["mpi-error", "ERR_TRUNCATE", [1]]]);
  });

  it.each([
    ["dest out of range", "ERR_RANK", (MPI: any) => MPI.COMM_WORLD.Send(new Int32Array(1), 5)],
    ["negative dest", "ERR_RANK", (MPI: any) => MPI.COMM_WORLD.Isend(new Int32Array(1), -7)],
    ["negative tag", "ERR_TAG", (MPI: any) => MPI.COMM_WORLD.Send(new Int32Array(1), 1, -3)],
    ["ANY_TAG on a send", "ERR_TAG", (MPI: any) => MPI.COMM_WORLD.Send(new Int32Array(1), 1, MPI.ANY_TAG)],
    ["negative count", "ERR_COUNT", (MPI: any) => MPI.COMM_WORLD.Send([new Int32Array(1), -1, MPI.INT], 1)],
    ["count past the buffer", "ERR_BUFFER", (MPI: any) => MPI.COMM_WORLD.Send([new Int32Array(1), 4, MPI.INT], 1)],
    ["uncommitted datatype", "ERR_TYPE", (MPI: any) => MPI.COMM_WORLD.Send([new Int32Array(4), 1, MPI.INT.Create_contiguous(2)], 1)],
    ["source out of range", "ERR_RANK", (MPI: any) => MPI.COMM_WORLD.Recv(new Int32Array(1), 9)],
    ["bad root", "ERR_ROOT", (MPI: any) => MPI.COMM_WORLD.Bcast(new Int32Array(1), 2)],
  ])("%s raises %s as an mpi-error diagnostic", async (_name, cls, call) => {
    const p = prog(async (MPI) => {
      if (MPI.COMM_WORLD.Get_rank() === 0) await call(MPI);
    }, 2);
    const r = await runProgram(p, { seed: 0 });
    expect(r.status).toBe("aborted");
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ kind: "mpi-error", errorClass: cls, ranks: [0] });
    expect(r.diagnostics[0].schedule).toBe(r.schedule);
  });

  it("PROC_NULL sends and receives complete at once", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const st = new MPI.Status();
      await comm.Send(new Int32Array([1]), MPI.PROC_NULL);
      const b = new Int32Array([7]);
      await comm.Recv(b, MPI.PROC_NULL, 0, st);
      console.log(b[0], st.Get_source() === MPI.PROC_NULL, st.Get_tag() === MPI.ANY_TAG, st.Get_count(MPI.INT));
    }, 1);
    const r = await runProgram(p);
    expect(r.outputs[0]).toEqual(["7 true true 0"]);
  });

  it("Probe and Iprobe see a pending message and its size", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) await comm.Send(new Float64Array([1, 2, 3]), 1, 5);
      else {
        const st = new MPI.Status();
        await comm.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
        const n = st.Get_count(MPI.DOUBLE);
        const flag = await comm.Iprobe(0, 5);
        const buf = new Float64Array(n);
        await comm.Recv(buf, st.Get_source(), st.Get_tag());
        console.log(n, flag, Array.from(buf).join(","), await comm.Iprobe());
      }
    }, 2);
    for (const seed of seeds(10)) {
      const r = await runProgram(p, { seed });
      expect(r.outputs[1]).toEqual(["3 true 1,2,3 false"]);
    }
  });

  it("Sendrecv_replace sends the old contents and receives the new", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const size = comm.Get_size();
      const b = new Int32Array([rank, rank * 10]);
      await comm.Sendrecv_replace(b, (rank + 1) % size, 0, (rank + size - 1) % size, 0);
      console.log(Array.from(b).join(","));
    }, 3);
    for (const seed of seeds(10)) {
      for (const buffering of ["eager", "rendezvous"] as const) {
        const r = await runProgram(p, { seed, buffering });
        expect(r.outputs).toEqual([["2,20"], ["0,0"], ["1,10"]]);
      }
    }
  });

  it("lower-case send/recv move structured-clonable objects", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) {
        const obj = { a: [1, 2], b: "x" };
        const req = comm.isend(obj, 1, 3);
        obj.a.push(99); // after isend: the message is a snapshot (mpi4py pickles at send time)
        await req.wait();
      } else {
        const got = await comm.recv(null, 0, 3);
        const req = comm.irecv({ source: 0 });
        console.log(JSON.stringify(got), req.Get_status());
        req.Cancel();
        await req.Wait();
      }
    }, 2);
    const r = await runProgram(p, { seed: 3 });
    expect(r.outputs[1]).toEqual(['{"a":[1,2],"b":"x"} false']);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("requests", () => {
  it("Start on an active persistent request raises ERR_REQUEST", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 1) {
        const req = comm.Recv_init(new Int32Array(1), 0, 0);
        req.Start();
        req.Start();
      }
    }, 2);
    const r = await runProgram(p);
    expect(r.diagnostics[0]).toMatchObject({ kind: "mpi-error", errorClass: "ERR_REQUEST", ranks: [1], call: "Prequest.Start" });
  });

  it("Free of an active request raises ERR_REQUEST", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 1) comm.Irecv(new Int32Array(1), 0).Free();
    }, 2);
    const r = await runProgram(p);
    expect(r.diagnostics[0]).toMatchObject({ kind: "mpi-error", errorClass: "ERR_REQUEST", call: "Request.Free" });
  });

  it("persistent requests restart after completion and Free when inactive", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      const b = new Int32Array(1);
      const req = rank === 0 ? comm.Send_init(b, 1) : comm.Recv_init(b, 0);
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        if (rank === 0) b[0] = i * 7;
        MPI.Prequest.Startall([req]);
        await req.Wait();
        seen.push(b[0]);
      }
      req.Free();
      console.log(seen.join(" "));
    }, 2);
    for (const seed of seeds(20)) {
      const r = await runProgram(p, { seed });
      expect(r.outputs[1]).toEqual(["0 7 14"]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("a persistent receive cancelled and started again matches like a fresh one, each instance its own message", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      if (rank === 0) {
        await comm.Barrier();
        for (const v of [11, 22, 33]) await comm.Send(new Int32Array([v]), 1, 5);
        return;
      }
      const b = new Int32Array(1);
      const req = comm.Recv_init(b, 0, 5);
      const st = new MPI.Status();
      req.Start();
      req.Cancel();
      await req.Wait(st);
      const seen = [st.Is_cancelled() ? "cancelled" : "matched"];
      await comm.Barrier();
      for (let i = 0; i < 3; i++) {
        req.Start();
        await req.Wait(st);
        seen.push(`${b[0]}/${st.Get_tag()}/${st.Is_cancelled()}`);
      }
      req.Free();
      console.log(seen.join(" "));
    }, 2);
    for (const seed of seeds(10)) {
      for (const buffering of ["eager", "rendezvous"] as const) {
        const r = await runProgram(p, { seed, buffering });
        expect(r.outputs[1]).toEqual(["cancelled 11/5/false 22/5/false 33/5/false"]);
        expect(r.diagnostics).toEqual([]);
      }
    }
  });

  it("Waitany, Waitsome, Testall, Testany and Testsome report completions", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank();
      if (rank > 0) {
        await comm.Send(new Int32Array([rank]), 0, rank);
        return;
      }
      const bufs = [1, 2, 3].map(() => new Int32Array(1));
      const reqs = bufs.map((b, i) => comm.Irecv(b, i + 1, i + 1));
      const first = await MPI.Request.Waitany(reqs);
      const some = (await MPI.Request.Waitsome(reqs)) ?? [];
      let done = [first, ...some].length;
      while (!(await MPI.Request.Testall(reqs))) {
        const [i, flag] = await MPI.Request.Testany(reqs);
        if (flag && i !== MPI.UNDEFINED) done++;
        done += ((await MPI.Request.Testsome(reqs)) ?? []).length;
      }
      console.log(bufs.map((b) => b[0]).join(","), first >= 0 && first < 3);
    }, 4);
    for (const seed of seeds(30)) {
      const r = await runProgram(p, { seed });
      expect(r.outputs[0]).toEqual(["1,2,3 true"]);
      expect(r.diagnostics).toEqual([]);
    }
  });
});

describe("buffering modes and deadlock", () => {
  const sendFirst = prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    const other = 1 - comm.Get_rank();
    await comm.Send(new Int32Array([comm.Get_rank()]), other);
    await comm.Recv(new Int32Array(1), other);
  }, 2);

  it("Send-then-Recv completes when eager", async () => {
    for (const seed of seeds(20)) {
      const r = await runProgram(sendFirst, { seed, buffering: "eager" });
      expect(r.status).toBe("ok");
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("Send-then-Recv deadlocks under rendezvous, with the wait-for cycle and pending calls", async () => {
    const r = await runProgram(sendFirst, { seed: 0, buffering: "rendezvous" });
    expect(r.status).toBe("deadlock");
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.kind).toBe("deadlock");
    expect(d.cycle?.slice().sort()).toEqual([0, 1]);
    expect(d.pending?.map((x) => x.call)).toEqual(["Comm.Send", "Comm.Send"]);
  });

  it("a message larger than the eager limit is sent by rendezvous", async () => {
    const big = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const other = 1 - comm.Get_rank();
      await comm.Send(new Float64Array(100), other);
      await comm.Recv(new Float64Array(100), other);
    }, 2);
    expect((await runProgram(big, { eagerLimit: 64 })).status).toBe("deadlock");
    expect((await runProgram(big, { eagerLimit: 4096 })).status).toBe("ok");
  });
});
