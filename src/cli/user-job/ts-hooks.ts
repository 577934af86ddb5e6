import { existsSync, readFileSync } from 'node:fs';
import { createRequire, type InitializeHook, type LoadHook, type ResolveHook } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Module loader hooks (module.register) that let `streamdash run` import a job written in
 * TypeScript: each .ts/.mts/.cts file is transpiled, one file at a time, by the TypeScript
 * compiler of the job's own project. Types are not checked here (that is the project's
 * `tsc`); only syntax errors stop the load. Runs in Node's loader thread.
 */

type TypeScript = typeof import('typescript');

export interface HookData {
  /** Absolute path of the `typescript` package's entry, resolved from the job's folder. */
  readonly typescript: string;
}

let ts: TypeScript | undefined;

export const initialize: InitializeHook<HookData> = (data) => {
  ts = createRequire(import.meta.url)(data.typescript) as TypeScript;
};

const TS_FILE = /\.[mc]?ts$/;
const JS_SPECIFIER = /^\.{1,2}\/.*\.([mc]?)js$/;

/** `./x.js` means `./x.ts` when only the .ts exists: TypeScript's NodeNext convention for relative imports. */
export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parent = context.parentURL;
    const js = JS_SPECIFIER.exec(specifier);
    if (js && parent?.startsWith('file:')) {
      const tsSpecifier = `${specifier.slice(0, -2 - js[1]!.length)}${js[1]}ts`;
      if (existsSync(fileURLToPath(new URL(tsSpecifier, parent)))) return nextResolve(tsSpecifier, context);
    }
    throw error;
  }
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.startsWith('file:') || !TS_FILE.test(new URL(url).pathname)) return nextLoad(url, context);
  const compiler = ts!;
  const fileName = fileURLToPath(url);
  const out = compiler.transpileModule(readFileSync(fileName, 'utf8'), {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: compiler.ModuleKind.ESNext,
      target: compiler.ScriptTarget.ES2022,
      // Inline, with the source, so that stack traces name the user's file and line.
      inlineSourceMap: true,
      inlineSources: true,
      esModuleInterop: true,
    },
  });
  const first = out.diagnostics?.find((d) => d.category === compiler.DiagnosticCategory.Error);
  if (first) {
    const where = first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const at = where ? `${fileName}:${where.line + 1}:${where.character + 1}` : fileName;
    throw new SyntaxError(`${at}: ${compiler.flattenDiagnosticMessageText(first.messageText, '\n')}`);
  }
  return { format: 'module', source: out.outputText, shortCircuit: true };
};
