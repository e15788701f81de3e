// Writes src/alerting/rules.gen.json, the templates of the config page's "Create alert rules",
// from the one description of the shipped rules: provisioning/alerting/rules.yaml. The rules keep
// their file-provisioning keys and the ${EXOTRACE_RULES_DATASOURCE_UID} placeholder; the frontend
// turns them into provisioning-API bodies (src/alerting/ruleTemplates.ts).
// Run: node scripts/rule-templates.mjs (then commit the JSON); --check only reports staleness.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'provisioning/alerting/rules.yaml';
const TARGET = 'src/alerting/rules.gen.json';
const VARIABLE = '${EXOTRACE_RULES_DATASOURCE_UID}';

/** The templates as JSON text; throws when a query names a data source other than the variable. */
export function render(yamlText) {
  const file = parse(yamlText);
  const groups = (file.groups ?? []).map((g) => {
    for (const rule of g.rules ?? []) {
      for (const q of rule.data ?? []) {
        const uid = q.datasourceUid;
        if (uid !== '__expr__' && uid !== VARIABLE) {
          throw new Error(`${SOURCE}: rule ${rule.uid} query ${q.refId} names ${uid}, want ${VARIABLE}`);
        }
      }
    }
    return { name: g.name, folder: g.folder, interval: g.interval, rules: g.rules ?? [] };
  });
  const out = { generatedFrom: SOURCE, datasourceVariable: VARIABLE, groups };
  return JSON.stringify(out, null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const want = render(readFileSync(join(root, SOURCE), 'utf8'));
  const path = join(root, TARGET);
  if (process.argv.includes('--check')) {
    let have = '';
    try {
      have = readFileSync(path, 'utf8');
    } catch {}
    if (have !== want) {
      console.log(`${TARGET} is stale: run node scripts/rule-templates.mjs`);
      process.exit(1);
    }
    console.log(`${TARGET} is up to date`);
  } else {
    writeFileSync(path, want);
    console.log(`wrote ${TARGET}`);
  }
}
