/**
 * The fast-check comparison in a fresh process (bench/workloads/fastcheck.ts says why):
 *   node --import tsx bench/fastcheck-child.ts LOOPS ROUNDS
 * prints one JSON line: both schedulers' steps/s samples and mpisim's steps per run.
 */
import { measurePair } from "./workloads/fastcheck.ts";

const [loops, rounds] = process.argv.slice(2).map(Number);
process.stdout.write(JSON.stringify(await measurePair(loops, rounds)) + "\n");
