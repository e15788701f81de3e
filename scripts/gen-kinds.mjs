// Generates src/kinds/query.gen.ts from pkg/kinds/query.schema.json (the query contract).
// `node scripts/gen-kinds.mjs` writes the file; `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(root, 'pkg/kinds/query.schema.json');
const outPath = join(root, 'src/kinds/query.gen.ts');

export async function generate() {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  return compile(schema, 'MessageTraceQueryModel', {
    bannerComment:
      '// Generated from pkg/kinds/query.schema.json by scripts/gen-kinds.mjs (npm run gen:kinds). Do not edit.',
    additionalProperties: false,
    unreachableDefinitions: true,
    maxItems: -1,
    style: { singleQuote: true, printWidth: 120 },
  });
}

const ts = await generate();
if (process.argv.includes('--check')) {
  if (readFileSync(outPath, 'utf8') !== ts) {
    console.error('src/kinds/query.gen.ts is stale: run npm run gen:kinds');
    process.exit(1);
  }
} else {
  writeFileSync(outPath, ts);
}
