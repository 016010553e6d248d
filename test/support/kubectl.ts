import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolsDir } from './server.js';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * kubectl's stderr without klog lines (`E1127 19:28:55.084718  24572 memcache.go:265] ...`), which carry
 * times and process ids.
 */
export function withoutKlog(result: CommandResult): CommandResult {
  const stderr = result.stderr
    .split('\n')
    .filter((line) => !/^[IWE]\d{4} /.test(line))
    .join('\n');
  return { ...result, stderr };
}

/** Runs a real kubectl (or helm) with its own kubeconfig and a fresh discovery cache per instance. */
export class Kubectl {
  private constructor(
    readonly kubeconfig: string,
    readonly cacheDir: string,
  ) {}

  static async create(kubeconfig: string): Promise<Kubectl> {
    return new Kubectl(kubeconfig, await mkdtemp(join(tmpdir(), 'kubectl-cache-')));
  }

  private argv(args: readonly string[]): string[] {
    return ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args];
  }

  /** Runs kubectl and resolves its exit code and output; never rejects on a non-zero exit. */
  run(args: readonly string[], input?: string): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(join(toolsDir, 'kubectl'), this.argv(args), { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
  }

  /** Runs kubectl and returns stdout, throwing with stderr when it fails. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  }

  /** Starts a long-running kubectl (e.g. `get -w`), collecting its output. */
  start(args: readonly string[]): { child: ChildProcess; output: () => string } {
    const child = spawn(join(toolsDir, 'kubectl'), this.argv(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    return { child, output: () => output };
  }
}
