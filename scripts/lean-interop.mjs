// Leaner module glue for the CLI's chunks (scripts/build.mjs). esbuild's CommonJS form of an ES module copies
// its exports into a new object (__toCommonJS), and each import() of it copies them again (__toESM): a getter
// closure and a descriptor per export, per chunk, at every start. Here a chunk's exports object is itself
// marked __esModule and handed out, and __toESM hands an __esModule object back as it is: the importer reads
// the same live bindings through the same getters. Any other module (a package's CommonJS, a built-in) still
// gets esbuild's copy with its `default`.

const TO_COMMON_JS = 'var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);';
const LEAN_TO_COMMON_JS = 'var __toCommonJS = (mod) => __defProp(mod, "__esModule", { value: true });';
const TO_ESM = /var (__toESM\d*) = \(mod, isNodeMode, target\) => \(/g;

// The chunk's code (esbuild's CommonJS output, not minified) with the lean glue; throws where esbuild's
// helpers are not the ones this knows (another esbuild), so that a build never ships half of it.
export function leanInterop(code) {
  const usesToCommonJs = code.includes('var __toCommonJS =');
  if (usesToCommonJs && !code.includes(TO_COMMON_JS)) throw new Error('lean-interop: unknown __toCommonJS helper');
  const lean = code.replace(TO_COMMON_JS, LEAN_TO_COMMON_JS);
  const toEsmHelpers = (code.match(/var __toESM\d* =/g) ?? []).length;
  let replaced = 0;
  const result = lean.replace(TO_ESM, (_, name) => {
    replaced += 1;
    return `var ${name} = (mod, isNodeMode, target) => mod != null && mod.__esModule && !isNodeMode ? mod : (`;
  });
  if (replaced !== toEsmHelpers) throw new Error('lean-interop: unknown __toESM helper');
  return result;
}
