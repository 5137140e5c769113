// Regenerates the docs' generated parts (the settings' tables in docs/options.md, the model's tables in
// docs/models.md) in place: node scripts/readme-tables.mjs. It reads src/ directly (bundled in memory),
// so no build is needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const bundle = await build({
  entryPoints: ['src/cli/readme-sections.ts'],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
});
const { SECTION_PAGES, withSections } = await import(
  `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`
);
for (const [path, names] of Object.entries(SECTION_PAGES)) {
  const page = readFileSync(path, 'utf8');
  const updated = withSections(page, path, names);
  writeFileSync(path, updated);
  console.log(updated === page ? `${path} is up to date` : `${path} updated`);
}
