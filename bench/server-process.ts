/**
 * The server under test, as its own process (`bin/kubetenant serve` on a fresh data dir and a free port),
 * so client and server each get a process and a core. Optionally CPU-profiled with Node's --cpu-prof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ClientCredentials } from './client.js';
import { isRecord } from './json.js';

/** The repository root, from dist/bench/ where this file runs. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ServerOptions {
  readonly dataDir: string;
  /** When set, the server runs with `--cpu-prof` and writes its profile here on exit. */
  readonly cpuProfileDir?: string;
}

export interface ServerProcess {
  readonly origin: string;
  readonly credentials: ClientCredentials;
  /** Resident set size now and at its peak (VmRSS, VmHWM), in MiB; Linux only. */
  memoryMiB(): Promise<{ readonly rss: number; readonly peak: number }>;
  /** Stops the server with SIGTERM and waits for it to exit (and write its profile). */
  stop(): Promise<void>;
}

const startTimeoutMs = 30_000;

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const nodeFlags = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      join(repoRoot, 'bin', 'kubetenant'),
      'serve',
      '--secure-port',
      '0',
      '--data-dir',
      options.dataDir,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await servingPort(child);
  const pki = join(options.dataDir, 'pki');
  const credentials = {
    caPem: await readFile(join(pki, 'ca.crt'), 'utf8'),
    certPem: await readFile(join(pki, 'admin.crt'), 'utf8'),
    keyPem: await readFile(join(pki, 'admin.key'), 'utf8'),
  };
  return {
    origin: `https://127.0.0.1:${port}`,
    credentials,
    memoryMiB: () => memoryOf(child),
    stop: () => stopChild(child),
  };
}

/** How much of the server's log is kept to explain a failed start. */
const keptLogChars = 20_000;

/**
 * Waits for the `{"msg":"serving",...,"port":N}` log line; fails if the server exits or stays silent.
 * Keeps draining stderr afterwards so a chatty server never blocks on a full pipe.
 */
function servingPort(child: ChildProcess): Promise<number> {
  const stderr = child.stderr;
  if (!stderr) throw new Error('server stderr is not piped');
  let log = '';
  let partialLine = '';
  let port: number | undefined;
  return new Promise((resolvePort, reject) => {
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nserver log:\n${log}`));
    };
    const timer = setTimeout(
      () => fail(new Error(`server did not start in ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    const onExit = (code: number | null): void => fail(new Error(`server exited early (code ${code})`));
    child.once('exit', onExit);
    stderr.on('data', (chunk: Buffer) => {
      if (port !== undefined) return;
      const text = chunk.toString('utf8');
      log = (log + text).slice(-keptLogChars);
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      port = lines.map(servingPortOf).find((found) => found !== undefined);
      if (port === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolvePort(port);
    });
  });
}

/** The port of a `serving` log line; undefined for any other line. */
function servingPortOf(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  const entry: unknown = JSON.parse(line);
  if (!isRecord(entry) || entry.msg !== 'serving') return undefined;
  return typeof entry.port === 'number' ? entry.port : undefined;
}

async function memoryOf(child: ChildProcess): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${child.pid}/status`);
    return Number(match[1]);
  };
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
