import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { Session } from "../../scheduler/session.ts";
import { prog } from "../helpers/program.ts";

const ring = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank(), size = comm.Get_size();
  const out = new Int32Array([rank]), inp = new Int32Array(1);
  const r = comm.Irecv(inp, (rank - 1 + size) % size, 0);
  await comm.Send(out, (rank + 1) % size, 0);
  await r.Wait();
  await comm.Barrier();
  console.log(`rank ${rank} got ${inp[0]}`);
}, 4, "ring");

const headToHead = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  await comm.Ssend(new Int32Array([rank]), 1 - rank, 0);
  await comm.Recv(new Int32Array(1), 1 - rank, 0);
}, 2, "h2h");

describe("Session", () => {
  it("stepping one event at a time gives runProgram's trace and token", async () => {
    for (const seed of [0, 1, 5]) {
      const r = await runProgram(ring, { seed });
      const s = new Session(ring, { seed });
      while (await s.step()) { /* one at a time */ }
      const r2 = s.finish();
      expect(r2.traceHash).toBe(r.traceHash);
      expect(r2.schedule).toBe(r.schedule);
      expect(r2.outputs).toEqual(r.outputs);
    }
  });

  it("a long clean run's token, made when first read, is the path's and serialises with the result", async () => {
    const chatty = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      const rank = comm.Get_rank(), size = comm.Get_size();
      for (let i = 0; i < 1500; i++) await comm.Sendrecv(new Int32Array([i]), (rank + 1) % size, 0, new Int32Array(1), (rank - 1 + size) % size, 0);
    }, 4, "chatty");
    for (const seed of [3, 4]) {
      const s = new Session(chatty, { seed });
      await s.run();
      const r = s.finish();
      expect(r.diagnostics).toEqual([]);
      expect(s.path.length).toBeGreaterThan(4096); // past LAZY_TOKEN_BRANCHES: the getter
      expect(Object.getOwnPropertyDescriptor(r, "schedule")?.get).toBeDefined();
      expect(r.schedule).toBe(s.token());
      const { world: _w, ...plain } = r;
      expect(Object.keys(plain).indexOf("schedule")).toBe(4);
      expect(JSON.parse(JSON.stringify(plain)).schedule).toBe(s.token());
      const again = await runProgram(chatty, { schedule: r.schedule });
      expect(again.traceHash).toBe(r.traceHash);
      r.schedule = "x";
      expect(r.schedule).toBe("x");
    }
  });

  it("explicit choices are recorded and replay through the token", async () => {
    const s = new Session(ring, { strategy: "round-robin" });
    while (!s.done) {
      const en = s.enabled();
      await s.step(en[en.length - 1]);
    }
    const r = s.finish();
    expect(s.path.branches.length).toBeGreaterThan(0);
    const again = await runProgram(ring, { schedule: r.schedule });
    expect(again.traceHash).toBe(r.traceHash);
  });

  it("run(until) stops after the step that satisfies it; finish reports a deadlock once", async () => {
    const s = new Session(headToHead);
    await s.run((x) => x.world.step >= 1);
    expect(s.world.step).toBe(1);
    expect(s.done).toBe(false);
    await s.run();
    expect(s.done).toBe(true);
    const r = s.finish();
    expect(r.status).toBe("deadlock");
    expect(s.finish()).toBe(r);
    expect(r.diagnostics.filter((d) => d.kind === "deadlock")).toHaveLength(1);
  });

  it("refuses to fire an event that is not enabled", async () => {
    const s = new Session(headToHead);
    const ev = s.enabled()[0];
    await s.step(ev);
    await expect(s.step(ev)).rejects.toThrow(/not enabled/);
  });
});
