import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from './eventually.js';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const toolsDir = join(repoRoot, 'tools');

export interface RunningServer {
  readonly dataDir: string;
  readonly kubeconfig: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the server wrote to stderr so far (structured logs). */
  logs(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  /** Reuse a data dir (restart); a fresh temp dir when absent. */
  readonly dataDir?: string;
  readonly extraArgs?: readonly string[];
}

/** Starts `kubetenant serve` on a random loopback port and waits until /readyz answers. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kubetenant-test-')));
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'kubetenant'),
      'serve',
      '--secure-port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${stderr}`);
      const match = /"msg":"serving".*?"port":(\d+)/.exec(stderr);
      if (match?.[1] === undefined) throw new Error('server not serving yet');
      return Number(match[1]);
    },
    { timeoutMs: 30_000, description: 'server start' },
  );
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  await readFile(kubeconfig);
  return {
    dataDir,
    kubeconfig,
    port,
    process: child,
    logs: () => stderr,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill(signal);
      await exited;
    },
  };
}

export async function removeDataDir(server: RunningServer): Promise<void> {
  await rm(server.dataDir, { recursive: true, force: true });
}
