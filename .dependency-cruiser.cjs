// The layers of src/, top to bottom: cli -> run -> process -> settings -> command -> model. A module may
// import its own layer and the layers below it, never one above, and no import may close a cycle.
// index.ts and library.ts sit on top. `npm run check` runs this (depcruise src).
const LAYERS = ['model', 'command', 'settings', 'process', 'run', 'cli'];

const upward = LAYERS.map((layer, rank) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer}/ may import only ${LAYERS.slice(0, rank + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${[...LAYERS.slice(rank + 1), 'index', 'library'].join('|')})(/|\\.ts$)` },
}));

module.exports = {
  forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }, ...upward],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
