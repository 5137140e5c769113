// Puts the chunks a plain run loads into dist/cli.cjs itself (scripts/build.mjs): one file to read and
// compile instead of a score of them, each resolved, stat'ed and read by Node's loader. Each inlined chunk
// is registered in require.cache under its own path when it first runs, so a chunk loaded from disk later
// (explain, the fleet, the wait queue...) gets the same instance: module state is never duplicated.
import { readFileSync, writeFileSync } from 'node:fs';

// The chunks `starts` import statically, transitively (esbuild's metafile), without the starts' own files.
export function staticClosure(meta, starts) {
  const seen = new Set();
  const visit = (out) => {
    if (seen.has(out) || !meta.outputs[out]) return;
    seen.add(out);
    for (const i of meta.outputs[out].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  for (const s of starts) visit(s);
  return [...seen];
}

// The loader inside dist/cli.cjs: an inlined chunk by its name, anything else through Node's require.
const LOADER = `var __xrunLoad=(function(outer){var Module=module.constructor,dir=__dirname+"/chunks/";
function load(request){var name=request.startsWith("./chunks/")?request.slice(9):request.startsWith("./")?request.slice(2):void 0;
var body=name===void 0?void 0:__xrunInlined[name];if(body===void 0)return outer(name===void 0?request:dir+name);
var filename=dir+name,cached=outer.cache[filename];if(cached!==void 0)return cached.exports;
var m=new Module(filename,module);m.filename=filename;m.paths=module.paths;outer.cache[filename]=m;
body.call(m.exports,m,m.exports,load);m.loaded=true;return m.exports}return load})(require);`;

// Rewrites `entry` (a CommonJS file beside dist/chunks/) with `chunks` inside it; returns the inlined names.
export function inlineChunks(entry, chunks) {
  const name = (out) => out.slice(out.lastIndexOf('/') + 1);
  const bodies = chunks.map(
    (out) => `${JSON.stringify(name(out))}:function(module,exports,require){${readFileSync(out, 'utf8')}\n}`,
  );
  const code = readFileSync(entry, 'utf8');
  writeFileSync(
    entry,
    `var __xrunInlined={${bodies.join(',')}};\n${LOADER}\n(function(require){${code}\n})(__xrunLoad);\n`,
  );
  return chunks.map(name);
}
