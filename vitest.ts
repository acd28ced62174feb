/**
 * mpisim/vitest: matchers for Vitest, the fast-check schedule arbitrary, and the Vite plugin that
 * instruments program files imported by tests (SPEC §5).
 *
 *   import { expect, it } from "vitest";
 *   import "mpisim/vitest";                       // installs the matchers
 *   import { load, run } from "mpisim";
 *
 *   it("is race free", async () => {
 *     const p = await load("programs/ring.ts");
 *     expect(await run(p, { seed: 1 })).toBeRaceFree();      // one schedule
 *     await expect(p).toBeRaceFree({ schedules: 200 });      // many (explore)
 *     await expect(p).not.toHaveDiagnostic("deadlock", { strategy: "dpor" });
 *   });
 *
 * A matcher takes a RunResult (one run), an ExploreReport, or a program (a Program or a rank
 * function), which it explores first (portfolio, 100 schedules shared by eager and rendezvous
 * buffering, every distinct diagnostic, unless options say otherwise) — then it returns a
 * Promise: await it.
 */
import { expect } from "vitest";
import { explore, programFromFunction } from "./index.ts";
import type { Diagnostic, DiagnosticKind } from "./core/diagnostic.ts";
import type { Program } from "./core/program.ts";
import type { ExploreOptions, ExploreReport } from "./scheduler/explore.ts";
import type { RunResult } from "./scheduler/run.ts";

export { mpisimPlugin, type MpisimPluginOptions } from "./checkers/instrument/vite-plugin.ts";
export { schedules, ScheduleValue, type SchedulesOptions } from "./scheduler/arbitrary.ts";
/**
 * The fast-check that `schedules()` is built on. A test that takes `fc` from here needs no
 * fast-check of its own, and its types are the ones `schedules()` returns: in a CommonJS project
 * `import fc from "fast-check"` would give fast-check's CommonJS declarations, which TypeScript
 * does not accept in place of the ESM ones mpisim was compiled against.
 */
export { default as fc } from "fast-check";

/** The kinds that make a run "racy" for toBeRaceFree (SPEC §4). */
export const RACE_KINDS: readonly DiagnosticKind[] = ["rma-race", "lost-update", "file-conflict", "buffer-race", "message-race"];

type Subject = RunResult | ExploreReport | Program | ((MPI: never) => Promise<void> | void);

function isRun(x: unknown): x is RunResult {
  return typeof x === "object" && x !== null && "traceHash" in x && Array.isArray((x as RunResult).diagnostics);
}

function isReport(x: unknown): x is ExploreReport {
  return typeof x === "object" && x !== null && "explored" in x && "verdict" in x && Array.isArray((x as ExploreReport).diagnostics);
}

function isProgram(x: unknown): x is Program | ((MPI: never) => Promise<void> | void) {
  return typeof x === "function" || (typeof x === "object" && x !== null && "main" in x && "hash" in x);
}

function describeSubject(x: RunResult | ExploreReport): string {
  return isReport(x) ? `${x.explored} explored schedule(s) of ${x.program}` : `the run of ${x.program}`;
}

function show(ds: Diagnostic[]): string {
  return ds.map((d) => `  ${d.kind}: ${d.message}${d.schedule ? `\n    replay: ${d.schedule}` : ""}`).join("\n");
}

type MatcherResult = { pass: boolean; message: () => string };

/** Explore a program subject (async), or judge a run/report at once. */
function judge(subject: unknown, opts: ExploreOptions | undefined, verdict: (ds: Diagnostic[], what: string) => MatcherResult, name: string): MatcherResult | Promise<MatcherResult> {
  if (isRun(subject) || isReport(subject)) return verdict(subject.diagnostics, describeSubject(subject));
  if (isProgram(subject)) {
    const program = typeof subject === "function" ? programFromFunction(subject as Parameters<typeof programFromFunction>[0]) : subject;
    return explore(program, { schedules: 100, all: true, ...opts }).then((r) => verdict(r.diagnostics, describeSubject(r)));
  }
  return { pass: false, message: () => `${name} expects a RunResult, an ExploreReport or a program, got ${typeof subject}` };
}

expect.extend({
  toBeRaceFree(received: Subject, opts?: ExploreOptions) {
    return judge(
      received,
      opts,
      (ds, what) => {
        const races = ds.filter((d) => RACE_KINDS.includes(d.kind));
        return {
          pass: races.length === 0,
          message: () => (races.length ? `expected ${what} to be race free, found:\n${show(races)}` : `expected ${what} to have a race, found none`),
        };
      },
      "toBeRaceFree",
    );
  },
  toHaveDiagnostic(received: Subject, kind: DiagnosticKind, opts?: ExploreOptions) {
    return judge(
      received,
      opts,
      (ds, what) => {
        const hits = ds.filter((d) => d.kind === kind);
        return {
          pass: hits.length > 0,
          message: () =>
            hits.length
              ? `expected ${what} not to have a ${kind} diagnostic, found:\n${show(hits)}`
              : `expected ${what} to have a ${kind} diagnostic, found ${ds.length ? `only:\n${show(ds)}` : "none"}`,
        };
      },
      "toHaveDiagnostic",
    );
  },
});

interface MpisimMatchers<R = unknown> {
  /** No rma-race, lost-update, file-conflict, buffer-race or message-race (a program is explored: await). */
  toBeRaceFree(opts?: ExploreOptions): R;
  /** Some diagnostic of this kind (a program is explored: await). */
  toHaveDiagnostic(kind: DiagnosticKind, opts?: ExploreOptions): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends MpisimMatchers<T> {}
}
