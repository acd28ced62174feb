import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { OWN_EXT } from "../core/self.ts";

/** Built-in scenarios: `mpisim run scenario:NAME`. Each is a program file in this folder. */
export interface Scenario {
  name: string;
  file: string;
  description: string;
}

// The scenarios are TypeScript programs, loaded (instrumented) like a user's. The compiled package
// runs this file as dist/scenarios/index.js and ships the programs' sources in scenarios/.
const here = dirname(fileURLToPath(import.meta.url));
const dir = OWN_EXT === ".ts" ? here : join(here, "..", "..", "scenarios");

const LIST: [string, string][] = [
  ["persistent-ring", "the lecture's persistent Send_init/Recv_init ring (4 ranks, 5 iterations)"],
  ["deadlock-ssend", "head-to-head Ssend: both ranks send synchronously first (deadlock)"],
  ["send-first", "both ranks Send then Recv: unsafe, relies on buffering (run completes; check reports the rendezvous deadlock)"],
  ["halo-cart", "2-D halo exchange with Sendrecv on a periodic Cartesian communicator"],
  ["fence-put", "the lecture's active-target RMA: rank 0 Puts 42 into rank 1's window between two Fences"],
  ["lock-put", "the lecture's passive-target RMA: Lock(SHARED), Put, Flush, Unlock"],
  ["work-stealing", "the lecture's work-stealing queue: tickets claimed with Compare_and_swap under locks"],
  ["work-stealing-getput", "buggy work-stealing: tickets claimed with Get then Put (lost update, duplicated tickets)"],
  ["accumulate-counter", "a counter on rank 0 incremented by every rank with Accumulate and Fetch_and_op"],
  ["io-write-at", "the lecture's MPI-IO write_at/read_at: five ints per rank at its own offset, read back after close/open"],
  ["io-rows-write", "2-D doubles with an int64 header, each rank's rows written with Write_all through a subarray view"],
  ["io-rows-read", "reads io-rows-write's file back through the same view (run it after io-rows-write, same --io-dir)"],
  ["io-overlap", "buggy io-rows-write: neighbouring ranks' views share a row (overlapping writes in one Write_all)"],
  ["h5-dataset", "the lecture's parallel HDF5 example: dataset u (12x8 float32), rows split by divmod, one hyperslab per rank"],
];

export const SCENARIOS: readonly Scenario[] = LIST.map(([name, description]) => ({ name, description, file: join(dir, `${name}.ts`) }));

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
