// Enforces the layering of src/ (STYLE.md rule 1): imports point down, never up or in a cycle, and other
// layers are reached through their index.ts (machinery/ and api/ are leaves whose files may be imported directly).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const src = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'src');
const allowed = {
  machinery: ['api'],
  api: ['machinery'],
  storage: ['machinery'],
  registry: ['api', 'machinery', 'storage'],
  admission: ['api', 'machinery', 'registry', 'auth'],
  auth: ['api', 'machinery', 'registry'],
  controllers: ['api', 'machinery', 'registry', 'auth', 'tenancy'],
  tenancy: ['api', 'machinery', 'registry', 'auth', 'admission'],
  server: ['api', 'machinery', 'registry', 'auth', 'admission'],
  cli: ['api', 'machinery', 'registry', 'auth', 'admission', 'controllers', 'tenancy', 'server', 'storage'],
};
const leaves = new Set(['machinery', 'api']);

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const problems = [];
for (const file of files(src)) {
  const layer = relative(src, file).split(sep)[0];
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
    const target = relative(src, resolve(file, '..', match[1]));
    const targetLayer = target.split(sep)[0];
    if (targetLayer === layer) continue;
    if (!(allowed[layer] ?? []).includes(targetLayer)) {
      problems.push(`${relative(src, file)}: ${layer}/ may not import ${targetLayer}/ (${match[1]})`);
    } else if (!leaves.has(targetLayer) && target !== join(targetLayer, 'index.js')) {
      problems.push(`${relative(src, file)}: import ${targetLayer}/ through its index.ts, not ${match[1]}`);
    }
  }
}
if (problems.length > 0) {
  process.stderr.write(`layer check failed:\n${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('layer check passed\n');
