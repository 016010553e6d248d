import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CommandResult } from './kubectl.js';
import { repoRoot } from './server.js';

/**
 * Runs the `kubetenant` CLI (bin/kubetenant) as a user would, with `KUBECONFIG` pointing at `kubeconfig`;
 * resolves its exit code and output and never rejects on a non-zero exit.
 */
export function kubetenant(kubeconfig: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'kubetenant'), ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the CLI and returns stdout, throwing with stderr when it fails. */
export async function kubetenantOk(kubeconfig: string, args: readonly string[]): Promise<string> {
  const result = await kubetenant(kubeconfig, args);
  if (result.code !== 0)
    throw new Error(`kubetenant ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}
