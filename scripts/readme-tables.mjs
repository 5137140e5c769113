// Prints the README's model tables from the built library: node scripts/readme-tables.mjs
import { codesMarkdown, categoriesMarkdown, models } from '../dist/index.js';

console.log('### Categories\n');
console.log(categoriesMarkdown());
for (const model of Object.values(models)) {
  console.log(`\n### ${model.title} (\`--tool ${model.tool}\`)\n`);
  console.log(codesMarkdown(model));
}
