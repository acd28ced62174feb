/**
 * `mpisim lint`: static checks with ts-morph for the MPI mistakes a reader can see in the source
 * (SPEC §6). Each rule is one file in rules/; all share the syntactic knowledge of mpi.ts and the
 * resolvers of resolve.ts. Findings are heuristics, not proofs: the simulator's checkers have the
 * last word on a concrete schedule.
 */
import { existsSync, readFileSync } from "node:fs";
import { Project, ts, type Node } from "ts-morph";
import { UsageError } from "../../core/errors.ts";
import { formatFinding, type Finding, type Report } from "./finding.ts";
import { checkUnawaited } from "./rules/unawaited.ts";
import { checkUnfreed } from "./rules/unfreed.ts";
import { checkRankCollectives } from "./rules/rank-collective.ts";
import { checkEpochs } from "./rules/epoch.ts";
import { checkGetBeforeComplete } from "./rules/get-complete.ts";

export { formatFinding, type Finding } from "./finding.ts";

const RULES = [checkUnawaited, checkUnfreed, checkRankCollectives, checkEpochs, checkGetBeforeComplete];

/** Lint files; a missing file or a syntax error is a UsageError (exit 2). Findings sorted by position. */
export function lintFiles(paths: readonly string[]): Finding[] {
  if (paths.length === 0) throw new UsageError("lint needs at least one FILE");
  // noLib: the rules need the binder (which declaration an identifier means), not lib types; this
  // keeps a lint run well under a second.
  const project = new Project({ compilerOptions: { noLib: true, allowJs: true, target: ts.ScriptTarget.ES2022 }, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const findings: Finding[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
    const sf = project.createSourceFile(`/lint/${findings.length}/${path.replace(/^\/+/, "")}`, readFileSync(path, "utf8"), { overwrite: true });
    const syntax = (sf.compilerNode as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
    if (syntax.length) {
      const d = syntax[0];
      const { line, character } = sf.compilerNode.getLineAndCharacterOfPosition(d.start ?? 0);
      throw new UsageError(`${path}:${line + 1}:${character + 1}: syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    }
    const seen = new Set<string>();
    const report: Report = (node: Node, rule, message) => {
      const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
      const key = `${line}:${column}:${rule}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ file: path, line, column, rule, message });
    };
    for (const rule of RULES) rule(sf, report);
  }
  return findings.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : paths.indexOf(a.file) - paths.indexOf(b.file)));
}

/** Lint and print; returns the exit code (0 clean, 1 findings). */
export function lintAndPrint(paths: readonly string[], out: (line: string) => void): number {
  const f = lintFiles(paths);
  for (const x of f) out(formatFinding(x));
  return f.length ? 1 : 0;
}
