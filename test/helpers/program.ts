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
