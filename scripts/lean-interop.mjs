// Leaner module glue for the CLI's chunks (scripts/build.mjs). esbuild's CommonJS form of an ES module copies
// its exports into a new object (__toCommonJS) as getters, a closure per export that V8 compiles on its first
// read, and each import() of it copies them again (__toESM). Here a chunk's exports object is itself marked
// __esModule and handed out, its exports set on it as values once the chunk has run, and __toESM hands an
// __esModule object back as it is. Values are exact where no export is reassigned after the chunk ran (no
// `export let`, test/unit/scripts/lean-interop.test.ts checks src/ and the bundled packages) and no chunk
// reads another's exports before that one has run (no import cycles: .dependency-cruiser.cjs). Any other
// module (a package's CommonJS, a built-in) still gets esbuild's copy with its `default`.

const TO_COMMON_JS = 'var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);';
const TO_ESM = /var (__toESM\d*) = \(mod, isNodeMode, target\) => \(/g;
// esbuild's `__export(x_exports, { a: () => b, ... });` and the `module.exports = __toCommonJS(x_exports);` after it
const EXPORTS =
  /^__export\((\w+), \{\n((?: {2}(?:[\w$]+|"[^"\n]+"): \(\) => [\w$]+(?:\.[\w$]+)?,?\n)*)\}\);\nmodule\.exports = __toCommonJS\(\1\);\n/m;

// The chunk's code (esbuild's CommonJS output, not minified) with the lean glue; throws where esbuild's
// helpers are not the ones this knows (another esbuild), so that a build never ships half of it.
export function leanInterop(code) {
  const usesToCommonJs = code.includes('var __toCommonJS =');
  if (usesToCommonJs && !code.includes(TO_COMMON_JS)) throw new Error('lean-interop: unknown __toCommonJS helper');
  const withValues = exportsAsValues(code, usesToCommonJs);
  const toEsmHelpers = (code.match(/var __toESM\d* =/g) ?? []).length;
  let replaced = 0;
  const result = withValues.replace(TO_ESM, (_, name) => {
    replaced += 1;
    return `var ${name} = (mod, isNodeMode, target) => mod != null && mod.__esModule && !isNodeMode ? mod : (`;
  });
  if (replaced !== toEsmHelpers) throw new Error('lean-interop: unknown __toESM helper');
  return result;
}

// The exports object marked and handed out first, as esbuild does; its exports set at the end of the chunk.
function exportsAsValues(code, usesToCommonJs) {
  const match = EXPORTS.exec(code);
  if (match === null) {
    if (usesToCommonJs) throw new Error('lean-interop: unknown export glue');
    return code;
  }
  const [glue, target, list] = match;
  const assignments = [...list.matchAll(/^ {2}([\w$]+|"[^"\n]+"): \(\) => ([\w$]+(?:\.[\w$]+)?),?$/gm)].map(
    ([, name, local]) => `${target}[${name.startsWith('"') ? name : JSON.stringify(name)}] = ${local};`,
  );
  if (assignments.length !== list.split('\n').filter(Boolean).length) throw new Error('lean-interop: unknown export');
  const marked = `module.exports = __defProp(${target}, "__esModule", { value: true });\n`;
  return `${code.slice(0, match.index)}${marked}${code.slice(match.index + glue.length)}\n${assignments.join('\n')}\n`;
}
