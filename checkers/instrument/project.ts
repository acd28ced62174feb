/**
 * The in-memory ts-morph project the instrumentation parses and type-checks user files in (one
 * per process, made on first use), and what it answers besides the analysis: a file's script
 * kind, and the first grammar error of a module V8 refused.
 */
import { Project, ts } from "ts-morph";

const STUB = `declare module "mpisim";\n`;

let project: Project | undefined;
let fileSeq = 0;

function getProject(): Project {
  if (project === undefined) {
    project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.esnext.d.ts"],
        strict: true,
        allowJs: true,
        checkJs: false,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        types: [],
      },
    });
    project.createSourceFile("/__mpisim_stub__.d.ts", STUB);
  }
  return project;
}

export function scriptKindFor(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function virtualName(fileName: string): string {
  const ext = /\.(tsx|jsx|mts|cts|mjs|cjs|ts|js)$/i.exec(fileName)?.[0] ?? ".ts";
  return `/__mpisim__/f${++fileSeq}${ext.toLowerCase()}`;
}

/** Parse diagnostics of the source (syntax errors), as `[line, column, message]` (1-based). */
export type SyntaxProblem = [number, number, string];

/**
 * Run `f` on a fresh parse of `source` inside the project, then drop the file again so the
 * project does not grow with every module loaded. `program()` builds the program (with its type
 * checker) only when `f` asks for it.
 */
export function withSourceFile<T>(source: string, fileName: string, f: (node: ts.SourceFile, program: () => ts.Program) => T): T {
  const p = getProject();
  const sf = p.createSourceFile(virtualName(fileName), source, { overwrite: true, scriptKind: scriptKindFor(fileName) });
  try {
    return f(sf.compilerNode, () => p.getProgram().compilerObject);
  } finally {
    p.removeSourceFile(sf);
  }
}

/**
 * The first grammar error TypeScript finds (diagnostic codes 1000-1999: `await` in a non-async
 * function, duplicate declarations…). Used only after V8 refused a module, to say where.
 */
export function grammarError(source: string, fileName: string): SyntaxProblem | undefined {
  return withSourceFile(source, fileName, (node, programOf) => {
    const program = programOf();
    const diags = [...program.getSyntacticDiagnostics(node), ...program.getSemanticDiagnostics(node)];
    const d = diags.find((x) => x.code >= 1000 && x.code < 2000 && x.category === ts.DiagnosticCategory.Error && x.start !== undefined);
    if (d === undefined) return undefined;
    const lc = node.getLineAndCharacterOfPosition(d.start!);
    return [lc.line + 1, lc.character + 1, ts.flattenDiagnosticMessageText(d.messageText, " ")];
  });
}

