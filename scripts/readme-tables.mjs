// Regenerates the README's generated parts (the settings' tables, the model's tables) in place:
// node scripts/readme-tables.mjs. It reads src/ directly (bundled in memory), so no build is needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const bundle = await build({ entryPoints: ['src/cli/readme-sections.ts'], bundle: true, write: false, format: 'esm', platform: 'node' });
const { withSections } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const readme = readFileSync('README.md', 'utf8');
const updated = withSections(readme);
writeFileSync('README.md', updated);
console.log(updated === readme ? 'README.md is up to date' : 'README.md updated');
