/**
 * The work-stealing schedules/s measurement of one variant in a fresh process (bench/workloads/schedules.ts says why):
 *   node --import tsx bench/schedules-child.ts FILE off|on
 * prints one JSON line: the variant's samples (checkers off on the plain program, or all checkers on the instrumented one).
 */
import { measureVariant } from "./workloads/schedules.ts";

const [file, variant] = process.argv.slice(2);
if (!file || (variant !== "on" && variant !== "off")) throw new Error("usage: schedules-child.ts FILE off|on");
process.stdout.write(JSON.stringify(await measureVariant(file, variant, false)) + "\n");
