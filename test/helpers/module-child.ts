import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Finished, tempDir } from './xrun.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  // bytes on the child's stdin (then closed); closed at once without
  input?: string;
  // descriptors for the child's stdout and stderr instead of pipes (a file, /dev/full)
  stdout?: number;
  stderr?: number;
  // its working directory (by default the temporary one its bundle is in)
  cwd?: string;
  // the program and arguments that run the bundled file (by default this Node on it)
  launch?: (file: string) => [string, string[]];
}

// Runs `source` (TypeScript whose imports name src/ from the repository's root: './src/cli/main.js')
// as a Node process of its own, bundled by esbuild as the build does: for modules that write to
// descriptors 1 and 2 or end the process, which a test cannot let them do to its own.
export async function runModuleChild(source: string, options: ChildOptions = {}): Promise<Finished> {
  const dir = tempDir('xrun-child-');
  const bundle = await build({
    stdin: { contents: source, resolveDir: REPO, loader: 'ts', sourcefile: 'child.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
  });
  const file = join(dir, 'child.mjs');
  // bare imports (commander, ci-info) resolve from the repository's node_modules
  const text = bundle.outputFiles[0]!.text.replaceAll(
    /(from |import\()"(?![./]|node:)([^"]+)"/g,
    (_, before: string, name: string) => `${before}${JSON.stringify(import.meta.resolve(name))}`,
  );
  writeFileSync(file, text);
  const [program, args] = options.launch?.(file) ?? [process.execPath, [file]];
  const child = spawn(program, args, {
    cwd: options.cwd ?? dir,
    env: options.env ?? process.env,
    stdio: ['pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
  });
  child.stdin?.end(options.input ?? '');
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => out.push(c));
  child.stderr?.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    ),
  );
}

export interface Answered {
  // what `expression` gave, awaited (or `{ threw, message }` for what it threw); undefined stays undefined
  answer: unknown;
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs `expression` after `imports` (as runModuleChild's source) in a process of its own and hands back
// what it gave: for a module's function that spawns, installs handlers or ends the process.
export async function answerInModuleChild(
  imports: string,
  expression: string,
  options: ChildOptions = {},
): Promise<Answered> {
  const file = join(tempDir('xrun-answer-'), 'answer.json');
  const ended = await runModuleChild(
    `import { writeFileSync as writeAnswer } from 'node:fs';
     ${imports}
     Promise.resolve()
       .then(() => ${expression})
       .then(
         (value) => ({ value }),
         (error) => ({ value: { threw: error.constructor.name, message: error.message } }),
       )
       .then((answer) => writeAnswer(${JSON.stringify(file)}, JSON.stringify(answer)));`,
    options,
  );
  const { value } = JSON.parse(readFileSync(file, 'utf8')) as { value?: unknown };
  return { answer: value, code: ended.code, stdout: ended.stdout.toString(), stderr: ended.stderr.toString() };
}
