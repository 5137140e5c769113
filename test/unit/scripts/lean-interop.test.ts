import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript
import { leanInterop } from '../../../scripts/lean-interop.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// The files under `dir` whose names match, recursively
function listFiles(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

// esbuild's CommonJS form of `source`, as scripts/build.mjs makes it before minifying
async function commonJs(source: string): Promise<string> {
  const options = { platform: 'node', target: 'node20', supported: { 'dynamic-import': false } } as const;
  return (await transform(source, { ...options, format: 'cjs' })).code;
}

// Runs CommonJS code with `modules` as what it requires; its module.exports
function evaluate(code: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', code)(module, module.exports, (name: string) => modules[name]);
  return module.exports;
}

describe('scripts/lean-interop.mjs', () => {
  it("hands out the chunk's own exports object, marked __esModule, its exports set as values when it has run", async () => {
    const code = await commonJs(
      'import { x } from "dep"; export function read() { return x; } export const list = [x]; export default 7;',
    );
    const lean = leanInterop(code);
    expect(lean).not.toContain('__export(');
    expect(lean).not.toContain('__toCommonJS(');
    const exports = evaluate(lean, { dep: { x: 5 } }) as Record<string, unknown> & { read(): number };
    expect(exports['__esModule']).toBe(true);
    expect(Object.keys(exports).sort()).toEqual(['default', 'list', 'read']);
    // plain data properties: no getter closure to compile per export
    expect(Object.getOwnPropertyDescriptor(exports, 'list')).toMatchObject({ value: [5], writable: true });
    expect(exports.read()).toBe(5);
    expect(exports['default']).toBe(7);
  });

  // Values are exact only where no export is reassigned after its chunk ran: no `export let` or `export var`,
  // in xrun's sources or the ES modules bundled into the CLI (re2js, signal-exit).
  it('no module bundled into the CLI exports a binding it could reassign', () => {
    const files = [
      ...listFiles(join(root, 'src'), /\.ts$/),
      ...listFiles(join(root, 'node_modules/re2js/build'), /\.m?js$/),
      ...listFiles(join(root, 'node_modules/signal-exit/dist/mjs'), /\.js$/),
    ];
    expect(files.length).toBeGreaterThan(100);
    const mutable = files.filter((file) => /^\s*export\s+(let|var)\b/m.test(readFileSync(file, 'utf8')));
    expect(mutable).toEqual([]);
    // `let x; export { x }`: a name a module exports by list is never its own top-level let or var, unless that holds a
    // class (a bundler's `var X = class`)
    const listed = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/^export\s*\{([^}]*)\}\s*;?$/gm)].some(([, names]) =>
        names!.split(',').some((n) => {
          const name = n.trim().split(/\s+as\s+/)[0];
          return new RegExp(`^(let|var)\\s+${name}\\b(?!\\s*=\\s*class\\b)`, 'm').test(text);
        }),
      );
    });
    expect(listed).toEqual([]);
  });

  it('import() of an __esModule chunk gets that object itself; a CommonJS package still gets its default', async () => {
    const lean = leanInterop(
      await commonJs('export const load = (name) => import(name).then((m) => m); export const x = 1;'),
    );
    const chunk = { __esModule: true, a: 1 };
    const pkg = { b: 2 };
    const { load } = evaluate(lean, { chunk, pkg }) as { load(name: string): Promise<Record<string, unknown>> };
    expect(await load('chunk')).toBe(chunk);
    const imported = await load('pkg');
    expect(imported).not.toBe(pkg);
    expect({ default: imported.default, b: imported.b }).toEqual({ default: pkg, b: 2 });
  });

  it('throws on helpers it does not know (another esbuild) instead of shipping half of the change', () => {
    expect(() => leanInterop('var __toCommonJS = (mod) => other(mod);')).toThrow('unknown __toCommonJS helper');
    const helper = 'var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);';
    expect(() => leanInterop(`${helper}\nmodule.exports = __toCommonJS(other);`)).toThrow('unknown export glue');
    expect(() => leanInterop('var __toESM = (mod) => other(mod);')).toThrow('unknown __toESM helper');
    expect(leanInterop('module.exports = 1;')).toBe('module.exports = 1;');
  });
});
