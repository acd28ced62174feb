/**
 * Eager messages of at most 8 bytes from a small typed array travel as two words (packSmall in
 * core/datatype/buffer.ts): every bit arrives (a NaN's payload too), into a receive of the same
 * shape or any other (a displaced view, a byte view), and a longer message is truncated as any
 * other (MPI 4.1 §3.2.4: ERR_TRUNCATE, the buffer filled to its end).
 */
import { describe, expect, it } from "vitest";
import { runProgram } from "../../scheduler/run.ts";
import { prog } from "../helpers/program.ts";

describe("small messages", () => {
  it("keep every bit, into receives of any shape, and truncate like any message", async () => {
    const p = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      if (comm.Get_rank() === 0) {
        const nan = new Float64Array(1);
        new Uint32Array(nan.buffer).set([0x12345, 0x7ff81234]); // a NaN with a payload
        await comm.Send(nan, 1, 0);
        await comm.Send(new Int32Array([7, -9]), 1, 1);
        await comm.Send(new Int16Array([300, -2, 5]), 1, 2);
        await comm.Send(new Int32Array([41, 42]), 1, 3);
        return;
      }
      const a = new Float64Array(1);
      await comm.Recv(a, 0, 0);
      const wide = new Int32Array(4);
      await comm.Recv([wide, [2, 1], MPI.INT], 0, 1); // displaced: not the direct path
      const bytes = new Uint8Array(6);
      await comm.Recv([bytes, MPI.BYTE], 0, 2); // MPI_BYTE takes any signature
      const short = new Int32Array(1);
      let err = "";
      try {
        await comm.Recv(short, 0, 3);
      } catch (e) {
        err = (e as { errorClass?: string }).errorClass ?? String(e);
      }
      console.log([...new Uint32Array(a.buffer)].map((x) => x.toString(16)).join(","), [...wide].join(","), [...new Int16Array(bytes.buffer)].join(","), short[0], err);
    }, 2);
    for (const buffering of ["eager", "rendezvous"] as const) {
      const r = await runProgram(p, { buffering });
      expect(r.outputs[1]).toEqual(["12345,7ff81234 0,7,-9,0 300,-2,5 41 ERR_TRUNCATE"]);
    }
  });
});
