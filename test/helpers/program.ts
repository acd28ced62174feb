import { createHash } from "node:crypto";
import type { Program } from "../../core/program.ts";
import type { MPI } from "../../core/api.ts";

/** A Program from a plain function (not instrumented): for unit tests of the world itself. */
export function prog(main: (MPI: MPI) => Promise<void> | void, ranks?: number, name = "test"): Program {
  return {
    name,
    hash: createHash("sha256").update(main.toString()).digest("hex").slice(0, 16),
    main: main as Program["main"],
    ranks,
    instrumented: false,
    exports: {},
  };
}

/** Rank 0 receives twice from MPI.ANY_SOURCE; ranks 1 and 2 each send their rank (3 ranks). */
export const wildcardProgram = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  if (rank === 0) {
    const a = new Int32Array(1);
    await comm.Recv(a, MPI.ANY_SOURCE, 0);
    const first = a[0];
    await comm.Recv(a, MPI.ANY_SOURCE, 0);
    console.log(`first ${first} then ${a[0]}`);
  } else await comm.Send(new Int32Array([rank]), 0, 0);
}, 3, "wildcard");
