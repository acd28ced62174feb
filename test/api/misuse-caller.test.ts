/**
 * Calls made by the wrong party: a blocking call issued while another is still pending (not
 * awaited), a rank's objects used after it finished or by another rank, and static request calls
 * given something other than requests. Each is an mpi-error of the rank that made the mistake
 * (SPEC §2 "Errors"), whether or not the program catches the MPIException, and the run ends.
 */
import { describe, expect, it } from "vitest";
import { MPIException } from "../../index.ts";
import { mistake, mpiErrors, runRanks } from "./helpers.ts";

describe("a blocking call issued while another is pending", () => {
  it("is an ERR_OTHER mpi-error of the rank that did not await, naming both calls", async () => {
    const { r, d } = await mistake(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const first = c.Barrier(); // not awaited
      await c.Barrier();
      await first;
    });
    expect(d.ranks).toEqual([0]);
    expect(d.errorClass).toBe("ERR_OTHER");
    expect(d.call).toBe("Comm.Barrier");
    expect(d.message).toMatch(/issued while Comm\.Barrier is still pending/);
    expect(r.status).toBe("aborted");
  });

  it("is reported even when the program catches the exception, and the first call still completes", async () => {
    const r = await runRanks(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const first = c.Barrier();
      let caught = "";
      try {
        await c.Barrier();
      } catch (e) {
        caught = (e as MPIException).errorClass;
      }
      await first;
      console.log(caught);
    });
    expect(r.status).toBe("ok");
    expect(mpiErrors(r)).toEqual(["0:ERR_OTHER:Comm.Barrier", "1:ERR_OTHER:Comm.Barrier"]);
    expect(r.outputs).toEqual([["ERR_OTHER"], ["ERR_OTHER"]]);
  });

  it("covers request calls too: Waitall issued while Wait is pending", async () => {
    const { d } = await mistake(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const q = c.Irecv(new Int32Array(1), 1 - c.Get_rank());
      const p = q.Wait();
      await MPI.Request.Waitall([q]);
      await p;
    });
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], "ERR_OTHER", "Request.Waitall"]);
    expect(d.message).toMatch(/while Request\.Wait is still pending/);
  });

  it("covers a request's own methods: Test issued while Wait is pending", async () => {
    const { d } = await mistake(1, async (MPI) => {
      const c = MPI.COMM_WORLD;
      const q = c.Irecv(new Int32Array(1), 0);
      void q.Wait();
      await q.Test();
    });
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], "ERR_OTHER", "Request.Test"]);
  });
});

describe("objects of a rank used by someone else", () => {
  it("a communicator handle used by another rank is ERR_COMM of the rank that used it", async () => {
    const shared: { comm?: unknown } = {};
    const { d } = await mistake(2, async (MPI) => {
      if (MPI.COMM_WORLD.Get_rank() === 0) shared.comm = MPI.COMM_WORLD;
      await MPI.COMM_WORLD.Barrier();
      if (MPI.COMM_WORLD.Get_rank() === 1) await (shared.comm as typeof MPI.COMM_WORLD).Send(new Int32Array(1), 0);
    });
    expect([d.ranks, d.errorClass, d.call]).toEqual([[1], "ERR_COMM", "Comm.Send"]);
    expect(d.message).toMatch(/rank 1 used a communicator handle of rank 0/);
  });

  it("a request used by another rank is ERR_REQUEST, in Wait and in Waitall", async () => {
    for (const how of ["Wait", "Waitall"]) {
      const shared: { req?: unknown } = {};
      const { d } = await mistake(2, async (MPI) => {
        const c = MPI.COMM_WORLD;
        if (c.Get_rank() === 0) shared.req = c.Irecv(new Int32Array(1), 1, 0);
        await c.Barrier();
        if (c.Get_rank() === 1) {
          const q = shared.req as InstanceType<typeof MPI.Request>;
          await (how === "Wait" ? q.Wait() : MPI.Request.Waitall([q]));
        }
      });
      expect([d.ranks, d.errorClass, d.call]).toEqual([[1], "ERR_REQUEST", `Request.${how}`]);
    }
  });

  it("code of a rank left running after its main returned is an mpi-error of that rank", async () => {
    const { r, d } = await mistake(2, async (MPI) => {
      const c = MPI.COMM_WORLD;
      if (c.Get_rank() === 0) {
        // A detached async function: it outlives main.
        void (async () => {
          for (let i = 0; i < 3; i++) await null;
          try {
            c.Isend(new Int32Array(1), 1, 0);
          } catch {
            /* reported anyway */
          }
        })();
      } else {
        await c.Barrier(); // 0 never joins: the run ends in a deadlock, not a hang
      }
    });
    expect([d.ranks, d.errorClass, d.call]).toEqual([[0], "ERR_OTHER", "Comm.Isend"]);
    expect(d.message).toMatch(/after rank 0 finished/);
    expect(r.status).toBe("deadlock");
  });

  it("a handle used after run() resolved throws an MPIException and changes nothing", async () => {
    let saved: { Isend(b: Int32Array, dest: number): unknown } | undefined;
    const r = await runRanks(1, (MPI) => {
      saved = MPI.COMM_WORLD;
    });
    const before = r.diagnostics.length;
    expect(() => saved!.Isend(new Int32Array(1), 0)).toThrow(MPIException);
    expect(r.diagnostics.length).toBe(before);
  });
});

describe("static request calls with something other than requests", () => {
  const cases: [string, string, (MPI: any) => unknown][] = [
    ["ERR_ARG", "Request.Waitall", (MPI) => MPI.Request.Waitall("abc")],
    ["ERR_ARG", "Request.Waitany", (MPI) => MPI.Request.Waitany(undefined)],
    ["ERR_ARG", "Request.Testany", (MPI) => MPI.Request.Testany(5)],
    ["ERR_REQUEST", "Request.Waitall", (MPI) => MPI.Request.Waitall([1, 2])],
    ["ERR_REQUEST", "Request.Testsome", (MPI) => MPI.Request.Testsome([{}])],
    ["ERR_REQUEST", "Prequest.Startall", (MPI) => MPI.Prequest.Startall([1])],
    ["ERR_REQUEST", "Prequest.Startall", (MPI) => MPI.Prequest.Startall([MPI.COMM_WORLD.Isend(new Int32Array(1), 0)])],
    ["ERR_ARG", "Request.Waitall", (MPI) => MPI.Request.Waitall([MPI.COMM_WORLD.Isend(new Int32Array(1), 0)], [5])],
    ["ERR_ARG", "Request.Waitany", (MPI) => MPI.Request.Waitany([MPI.COMM_WORLD.Isend(new Int32Array(1), 0)], "status")],
    ["ERR_ARG", "Request.Wait", (MPI) => MPI.COMM_WORLD.Isend(new Int32Array(1), 0).Wait(5)],
    ["ERR_ARG", "Request.Waitall", (MPI) => MPI.Request.waitall("abc")],
  ];
  it.each(cases)("%s from %s, caught or not", async (errorClass, call, f) => {
    for (const caught of [false, true]) {
      const r = await runRanks(1, async (MPI) => {
        try {
          await f(MPI);
        } catch (e) {
          if (!caught) throw e;
          expect(e).toBeInstanceOf(MPI.Exception);
        }
      });
      expect(mpiErrors(r)).toEqual([`0:${errorClass}:${call}`]);
      expect(r.diagnostics.filter((d) => d.kind === "rank-exception")).toEqual([]);
    }
  });

  it("the rank's MPI.Request and MPI.Prequest still behave as the classes", async () => {
    const r = await runRanks(1, async (MPI) => {
      const q = MPI.COMM_WORLD.Isend(new Int32Array(1), 0);
      const p = MPI.COMM_WORLD.Recv_init(new Int32Array(1), 0);
      console.log(q instanceof MPI.Request, p instanceof MPI.Prequest, p instanceof MPI.Request, q instanceof MPI.Prequest, typeof MPI.Prequest.Waitall);
      MPI.Prequest.Startall([p]);
      await MPI.Prequest.Waitall([q, p]);
      p.Free();
    });
    expect(r.outputs[0]).toEqual(["true true true false function"]);
    expect(r.diagnostics).toEqual([]);
  });
});
