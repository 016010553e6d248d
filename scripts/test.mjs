// `npm test`: everything from a fresh clone after `npm install`: fetch kubectl/helm if missing, build,
// check types, lint, formatting and layering, then run unit and integration tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fetchTools } from './fetch-tools.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

function run(command, args) {
  process.stdout.write(`\n> ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found.sort();
}

fetchTools();
run('npx', ['tsc', '-p', 'tsconfig.json']);
run('node', ['scripts/check-layers.mjs']);
run('npx', ['eslint', '.']);
run('npx', ['prettier', '--check', '.']);
const filter = process.argv.slice(2);
const files = [
  ...testFiles(join(root, 'dist/test/unit')),
  ...testFiles(join(root, 'dist/test/integration')),
].filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)));
run('node', ['--test', ...files]);
