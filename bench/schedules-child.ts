/**
 * The work-stealing schedules/s measurement in a fresh process (bench/workloads/schedules.ts says why):
 *   node --import tsx bench/schedules-child.ts FILE on|off
 * prints one JSON line: each variant's samples (checkers off, and on when asked).
 */
import { measureSchedules } from "./workloads/schedules.ts";

const [file, on] = process.argv.slice(2);
if (!file) throw new Error("usage: schedules-child.ts FILE on|off");
process.stdout.write(JSON.stringify(await measureSchedules(file, on === "on", false)) + "\n");
