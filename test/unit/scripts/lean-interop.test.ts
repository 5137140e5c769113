import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript
import { leanInterop } from '../../../scripts/lean-interop.mjs';

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
  it("hands out the chunk's own exports object, marked __esModule, with its live bindings", async () => {
    const code = await commonJs('export let count = 0; export function bump() { count += 1; }');
    const lean = leanInterop(code);
    expect(lean).not.toContain('__copyProps(__defProp({}');
    const exports = evaluate(lean) as { count: number; bump(): void; __esModule: boolean };
    expect(exports.__esModule).toBe(true);
    expect(Object.keys(exports)).toEqual(['bump', 'count']);
    exports.bump();
    expect(exports.count).toBe(1);
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
    expect(() => leanInterop('var __toESM = (mod) => other(mod);')).toThrow('unknown __toESM helper');
    expect(leanInterop('module.exports = 1;')).toBe('module.exports = 1;');
  });
});
