/**
 * The server under test, as its own process (`bin/kubetenant serve` on a fresh data dir and a free port,
 * with the Node flags `npm start` gives it), so client and server each get a process and a core.
 * Optionally CPU-profiled with Node's --cpu-prof.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ClientCredentials } from './client.js';
import { collectGarbage, inspectorUrlOf } from './inspector.js';
import { isRecord } from './json.js';

/** The repository root, from dist/bench/ where this file runs. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ServerOptions {
  readonly dataDir: string;
  /** When set, the server runs with `--cpu-prof` and writes its profile here on exit. */
  readonly cpuProfileDir?: string;
  /** Run the server with the V8 inspector on a loopback port, so the benchmark can force a GC. */
  readonly inspector?: boolean;
}

/** What a benchmark may ask of the server process while it runs. */
export interface CpuProbe {
  /** User plus system CPU time the server has used so far, in ms (10 ms resolution); Linux only. */
  cpuMs(): Promise<number>;
}

export interface ServerProcess extends CpuProbe {
  readonly origin: string;
  readonly credentials: ClientCredentials;
  /** Resident set size now and at its peak (VmRSS, VmHWM), in MiB; Linux only. */
  memoryMiB(): Promise<{ readonly rss: number; readonly peak: number }>;
  /** Forces a full garbage collection in the server; only when started with `inspector`. */
  collectGarbage(): Promise<void>;
  /** The end of the server's log (JSON lines from stderr), and how it exited if it has: for failure reports. */
  logTail(): string;
  /** Stops the server with SIGTERM and waits for it to exit (and write its profile). */
  stop(): Promise<void>;
}

const startTimeoutMs = 30_000;

/** The flags between `node` and `bin/kubetenant` in package.json's start script, so the server runs as users
 * run it. */
async function startScriptNodeFlags(): Promise<string[]> {
  const manifest: unknown = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  const start = isRecord(manifest) && isRecord(manifest.scripts) ? manifest.scripts.start : undefined;
  const words = typeof start === 'string' ? start.split(/\s+/) : [];
  const bin = words.indexOf('bin/kubetenant');
  if (words[0] !== 'node' || bin < 0) {
    throw new Error(`package.json start script is not "node [flags] bin/kubetenant ...": ${String(start)}`);
  }
  return words.slice(1, bin);
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const nodeFlags = [
    ...(await startScriptNodeFlags()),
    ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
    ...(options.inspector === true ? ['--inspect=127.0.0.1:0'] : []),
  ];
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
  const log = new LogTail(child);
  const port = await servingPort(child, log);
  const pki = join(options.dataDir, 'pki');
  const credentials = {
    caPem: await readFile(join(pki, 'ca.crt'), 'utf8'),
    certPem: await readFile(join(pki, 'admin.crt'), 'utf8'),
    keyPem: await readFile(join(pki, 'admin.key'), 'utf8'),
  };
  return {
    origin: `https://127.0.0.1:${port}`,
    credentials,
    memoryMiB: () => memoryOf(child, log),
    collectGarbage: () => {
      if (log.inspectorUrl === undefined) throw new Error('the server runs without the inspector');
      return collectGarbage(log.inspectorUrl);
    },
    cpuMs: () => cpuTimeOf(child, log),
    logTail: () => log.text(),
    stop: () => stopChild(child),
  };
}

/** How much of the server's log is kept to explain a failure. */
const keptLogChars = 20_000;

/**
 * Drains the server's stderr for its whole life (a full pipe would block it), keeping the last lines and
 * the exit status, and hands complete lines to whoever is waiting for one.
 */
class LogTail {
  private tail = '';
  private partialLine = '';
  private exit: string | undefined;
  /** The server's debugger URL, once it has printed one. */
  inspectorUrl: string | undefined;
  onLine: ((line: string) => void) | undefined;

  constructor(child: ChildProcess) {
    const stderr = child.stderr;
    if (!stderr) throw new Error('server stderr is not piped');
    stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.tail = (this.tail + text).slice(-keptLogChars);
      const lines = (this.partialLine + text).split('\n');
      this.partialLine = lines.pop() ?? '';
      for (const line of lines) {
        this.inspectorUrl ??= inspectorUrlOf(line);
        this.onLine?.(line);
      }
    });
    child.once('exit', (code, signal) => (this.exit = `server exited with ${signal ?? `code ${code}`}`));
  }

  text(): string {
    return this.exit === undefined ? this.tail : `${this.tail}\n${this.exit}`;
  }
}

/** Waits for the `{"msg":"serving",...,"port":N}` log line; fails if the server exits or stays silent. */
function servingPort(child: ChildProcess, log: LogTail): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const fail = (error: Error): void => {
      clearTimeout(timer);
      log.onLine = undefined;
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nserver log:\n${log.text()}`));
    };
    const timer = setTimeout(
      () => fail(new Error(`server did not start in ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    const onExit = (code: number | null): void => fail(new Error(`server exited early (code ${code})`));
    child.once('exit', onExit);
    log.onLine = (line) => {
      const port = servingPortOf(line);
      if (port === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      log.onLine = undefined;
      resolvePort(port);
    };
  });
}

/** The port of a `serving` log line; undefined for any other line. */
function servingPortOf(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  const entry: unknown = JSON.parse(line);
  if (!isRecord(entry) || entry.msg !== 'serving') return undefined;
  return typeof entry.port === 'number' ? entry.port : undefined;
}

/** Reads `/proc/<pid>/<file>` of the server, failing clearly if the server is gone. */
async function procFile(child: ChildProcess, log: LogTail, file: string): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`the server is no longer running:\n${log.text()}`);
  }
  return readFile(`/proc/${child.pid}/${file}`, 'utf8');
}

async function memoryOf(child: ChildProcess, log: LogTail): Promise<{ rss: number; peak: number }> {
  const status = await procFile(child, log, 'status');
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${child.pid}/status`);
    return Number(match[1]);
  };
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat, is 100 on every architecture. */
const clockTicksPerSecond = 100;

async function cpuTimeOf(child: ChildProcess, log: LogTail): Promise<number> {
  const stat = await procFile(child, log, 'stat');
  // Fields after the parenthesised command name, which may itself contain spaces: utime and stime are
  // fields 14 and 15 of the whole line, so 12 and 13 (0-based 11 and 12) after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`cannot read CPU times from /proc/${child.pid}/stat`);
  return (ticks * 1000) / clockTicksPerSecond;
}

/** Runs `measure` and returns its result with the server CPU time (ms) used meanwhile. */
export async function withServerCpu<T>(
  probe: CpuProbe,
  measure: () => Promise<T>,
): Promise<{ readonly result: T; readonly cpuMs: number }> {
  const before = await probe.cpuMs();
  const result = await measure();
  return { result, cpuMs: (await probe.cpuMs()) - before };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
