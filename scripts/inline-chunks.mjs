// Puts the chunks a default run loads into dist/cli.cjs itself and those the full run path adds into
// dist/cli-run.cjs (scripts/build.mjs): one file to read and compile for each instead of a score of them,
// each resolved, stat'ed and read by Node's loader. An inlined chunk is in require.cache under its own path
// from when it first runs, so a chunk loaded from disk later (explain, the fleet, the wait queue...) gets
// the same instance: module state is never duplicated.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

// The loader inside dist/cli.cjs: an inlined chunk by its name, anything else through Node's require, each
// request answered once (a chunk's exports object is final when its body has run: scripts/lean-interop.mjs). A chunk
// is in require.cache under its own path from when it first runs, made a Module only when Node looks it up
// (a chunk loaded from disk later requires it): a start allocates none. A chunk
// of the later part is first looked up there: the part is loaded once, through the code cache when the
// launcher's loader hands it over (__xrun.runPart, scripts/cli-loader.cjs), and its chunks are read from
// its own table (not copied into this one: copying its hundred entries cost a full run 9 KB of young generation);
// before the first chunk Node loads from disk the launcher's loader is told (__xrun.beforeDiskLoad: Node's
// compile cache).
const LOADER = `var __xrunLoad=(function(outer){var Module=module.constructor,dir=__dirname+"/chunks/";
var later;function inlined(name){var body=__xrunInlined[name];if(body!==void 0)return body;
if(later===void 0){if(!__xrunLater.includes(name))return;later=__xrun.runPart()}return later[name]}
var loaded=Object.create(null);function load(request){var done=loaded[request];return done!==void 0?done:loaded[request]=first(request)}
function first(request){var name=request.startsWith("./chunks/")?request.slice(9):request.startsWith("./")?request.slice(2):void 0;
if(name===void 0)return outer(request);var body=inlined(name);if(body===void 0){__xrun.beforeDiskLoad();return outer(dir+name)}
var filename=dir+name,cached=outer.cache[filename];if(cached!==void 0)return cached.exports;
var m={exports:{}};register(filename,m);body.call(m.exports,m,m.exports,load);return m.exports}
function register(filename,m){Object.defineProperty(outer.cache,filename,{configurable:true,enumerable:true,get:function(){
var r=new Module(filename,module);r.filename=filename;r.paths=module.paths;r.exports=m.exports;r.loaded=true;
Object.defineProperty(outer.cache,filename,{value:r,writable:true,configurable:true,enumerable:true});return r}})}
return load})(require);`;

// esbuild's options for code the loader runs as one CommonJS module scope, held in memory (outputFiles): the
// default run's part, cli/run-kind.ts inside the loader, the bench's lean run.
export const ONE_SCOPE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  write: false,
};

// A part as the loader compiles it (scripts/cli-loader.cjs): written wrapped, so that the loader passes V8 the
// file's text as it is read, with no copy of it joined to a wrapper.
export const wrapPart = (code) => `(function (exports, require, module, __filename, __dirname, __xrun) {${code}\n})`;

const nameOf = (out) => out.slice(out.lastIndexOf('/') + 1);
const bodiesOf = (chunks) =>
  chunks.map(
    (out) => `${JSON.stringify(nameOf(out))}:function(module,exports,require){${readFileSync(out, 'utf8')}\n}`,
  );

// Rewrites `entry` (a CommonJS file beside dist/chunks/) with `chunks` inside it, and writes `later` (the
// chunks of a later part) into dist/cli-run.cjs beside it; returns the names of both.
export function inlineChunks(entry, chunks, later = []) {
  const code = readFileSync(entry, 'utf8');
  writeFileSync(
    entry,
    wrapPart(
      `var __xrunInlined={${bodiesOf(chunks).join(',')}},__xrunLater=${JSON.stringify(later.map(nameOf))};\n${LOADER}\n(function(require){${code}\n})(__xrunLoad);\n`,
    ),
  );
  writeFileSync(join(dirname(entry), 'cli-run.cjs'), wrapPart(`module.exports={${bodiesOf(later).join(',')}};\n`));
  return { now: chunks.map(nameOf), later: later.map(nameOf) };
}
