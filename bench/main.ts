/**
 * `npm run bench -- [store|api|watch|tenants|all] [--quick] [--json FILE] [--clients N]
 *   [--server-cpu-prof DIR]`
 *
 * Prints one `name value unit` line per figure as it is measured, then a JSON summary (also written to
 * FILE with --json). Everything runs on one fresh temp directory: the store benchmark's database and the
 * server's data dir sit side by side on the same disk, so both pay the same fsync.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runApiBench, type ApiBenchOptions } from './api.js';
import { ApiClient } from './client.js';
import { isRecord } from './json.js';
import { profilesIn, readProfile, summarise, type ProfileWindow } from './cpu-profile.js';
import { startServer } from './server-process.js';
import { monotonicMicros, roundFigure, type Figure, type Recorder } from './stats.js';
import { runStoreBench } from './store.js';
import { runTenantsBench, type TenantsBenchOptions } from './tenants.js';
import { runWatchBench, type WatchBenchOptions } from './watch.js';

const benchmarks = ['store', 'api', 'watch', 'tenants', 'all'] as const;
type Benchmark = (typeof benchmarks)[number];

interface Plan {
  readonly storeMs: number;
  readonly api: Omit<ApiBenchOptions, 'clients' | 'storeDir'>;
  readonly watch: WatchBenchOptions;
  readonly tenants: Omit<TenantsBenchOptions, 'clients' | 'dataDir'>;
}

/** Sized so the full run stays well under 15 minutes and --quick under 3 on a 2-core machine. */
const plans: Record<'full' | 'quick', Plan> = {
  full: {
    storeMs: 20_000,
    api: {
      createRounds: 10,
      baselineSliceMs: 2_000,
      updateMs: 20_000,
      getPerSecond: 500,
      getMs: 60_000,
      listRuns: 500,
      pagedRuns: 20,
    },
    watch: { watchers: 1_000, writes: 500 },
    tenants: {
      tenants: 10_000,
      createPerSecond: 200,
      warmupTenants: 200,
      latencyWindow: 1_000,
      getPerSecond: 300,
      getMs: 10_000,
      deadlineMs: 600_000,
    },
  },
  quick: {
    storeMs: 5_000,
    api: {
      createRounds: 4,
      baselineSliceMs: 1_000,
      updateMs: 5_000,
      getPerSecond: 500,
      getMs: 10_000,
      listRuns: 100,
      pagedRuns: 3,
    },
    watch: { watchers: 1_000, writes: 100 },
    tenants: {
      tenants: 1_000,
      createPerSecond: 200,
      warmupTenants: 200,
      latencyWindow: 1_000,
      getPerSecond: 300,
      getMs: 10_000,
      deadlineMs: 180_000,
    },
  },
};

/** Rows per table in the CPU-profile summary. */
const profileRows = 20;

interface Settings {
  readonly benchmark: Benchmark;
  readonly mode: 'full' | 'quick';
  readonly clients: number;
  readonly jsonFile: string | undefined;
  readonly cpuProfileDir: string | undefined;
}

function parseSettings(args: readonly string[]): Settings {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      clients: { type: 'string', default: '32' },
      'server-cpu-prof': { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new Error(`one benchmark at a time, got: ${positionals.join(' ')}`);
  const benchmark = positionals[0] ?? 'all';
  if (!isBenchmark(benchmark))
    throw new Error(`unknown benchmark ${benchmark}: use one of ${benchmarks.join(', ')}`);
  const clients = Number(values.clients);
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`--clients must be a positive integer`);
  const cpuProfileDir = values['server-cpu-prof'];
  return {
    benchmark,
    mode: values.quick ? 'quick' : 'full',
    clients,
    jsonFile: values.json,
    cpuProfileDir: cpuProfileDir === undefined ? undefined : resolve(cpuProfileDir),
  };
}

function isBenchmark(name: string): name is Benchmark {
  return (benchmarks as readonly string[]).includes(name);
}

/** Prints figures as they come and keeps them, with the phase marks, for the summary and the profile. */
class RunRecorder implements Recorder {
  readonly figures: Figure[] = [];
  private readonly marks: { readonly name: string; readonly startUs: number }[] = [];

  figure(figure: Figure): void {
    const rounded = { ...figure, value: roundFigure(figure.value) };
    this.figures.push(rounded);
    process.stdout.write(`${rounded.name} ${rounded.value} ${rounded.unit}\n`);
  }

  phase(name: string): void {
    this.marks.push({ name, startUs: monotonicMicros() });
    progress(name);
  }

  /** The phases as windows: each ends where the next begins, the last one at `endUs`. */
  windows(endUs: number): ProfileWindow[] {
    return this.marks.map((mark, index) => ({ ...mark, endUs: this.marks[index + 1]?.startUs ?? endUs }));
  }
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const plan = plans[settings.mode];
  const recorder = new RunRecorder();
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const stallAtStart = await cpuStallMicros();
  const root = await mkdtemp(join(tmpdir(), 'kubetenant-bench-'));
  try {
    const { benchmark } = settings;
    const storeDir = join(root, 'store');
    await mkdir(storeDir);
    if (benchmark === 'store' || benchmark === 'all') {
      recorder.phase(`store (${plan.storeMs / 1000} s per figure, in ${root})`);
      // With the API benchmark, store.commit.throughput is measured there, interleaved with the creates.
      const single = benchmark === 'store';
      const options = { dir: storeDir, durationMs: plan.storeMs, batchSize: settings.clients, single };
      await runStoreBench(options, recorder);
    }
    if (benchmark !== 'store') await runAgainstServer(root, storeDir, settings, plan, recorder);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const summary = {
    figures: recorder.figures,
    // Other processes on the machine move every wall-clock figure: the load average and the share of the
    // run during which some runnable task waited for a CPU (Linux PSI) say how contended it was.
    machine: {
      ...machine(),
      loadAverage1m: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      cpuPressure: cpuPressureShare(stallAtStart, await cpuStallMicros(), Date.now() - started),
    },
    date: new Date().toISOString(),
    settings: { benchmark: settings.benchmark, mode: settings.mode, clients: settings.clients },
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
  };
  const json = JSON.stringify(summary, null, 2);
  process.stdout.write(`${json}\n`);
  if (settings.jsonFile !== undefined) await writeFile(settings.jsonFile, `${json}\n`);
}

/** Starts the server as a child on a fresh data dir, runs the server benchmarks asked for, stops it. */
async function runAgainstServer(
  root: string,
  storeDir: string,
  settings: Settings,
  plan: Plan,
  recorder: RunRecorder,
): Promise<void> {
  const dataDir = join(root, 'server');
  // The tenants benchmark reports memory after a forced GC, which it asks for through the inspector.
  const server = await startServer({
    dataDir,
    cpuProfileDir: settings.cpuProfileDir,
    inspector: settings.benchmark === 'tenants',
  });
  try {
    recorder.figure({ name: 'server.rss.start', value: (await server.memoryMiB()).rss, unit: 'MiB' });
    const client = await ApiClient.connect(server.origin, server.credentials);
    if (settings.benchmark === 'tenants') {
      await runTenantsBench(
        client,
        server,
        { ...plan.tenants, clients: settings.clients, dataDir },
        recorder,
      );
    } else {
      if (settings.benchmark !== 'watch') {
        await runApiBench(client, server, { ...plan.api, clients: settings.clients, storeDir }, recorder);
      }
      await runWatchBench(server, client, plan.watch, recorder);
    }
    recorder.figure({ name: 'server.rss.peak', value: (await server.memoryMiB()).peak, unit: 'MiB' });
    await client.close();
  } catch (error) {
    progress(`benchmark failed; the server's log ends with:\n${server.logTail()}`);
    throw error;
  } finally {
    recorder.phase('shutdown');
    await server.stop();
  }
  if (settings.cpuProfileDir !== undefined) {
    await summariseProfile(settings.cpuProfileDir, recorder.windows(monotonicMicros()));
  }
}

/** Cuts the server's newest profile into the run's phases; prints the summary and saves it beside the profile. */
async function summariseProfile(dir: string, windows: readonly ProfileWindow[]): Promise<void> {
  const newest = (await profilesIn(dir)).at(-1);
  if (newest === undefined) throw new Error(`the server wrote no CPU profile to ${dir}`);
  const summary = summarise(await readProfile(newest), profileRows, windows);
  await writeFile(`${newest}.summary.txt`, `${summary}\n`);
  // The phase windows (monotonic µs), for cutting the profile further by hand.
  await writeFile(`${newest}.phases.json`, `${JSON.stringify(windows, null, 2)}\n`);
  progress(`server CPU profile ${newest} (summary in ${newest}.summary.txt):\n${summary}`);
}

function machine(): Record<string, string | number | Record<string, number>> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** Total µs some task spent waiting for a CPU (the "some" line of /proc/pressure/cpu); undefined without PSI. */
async function cpuStallMicros(): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile('/proc/pressure/cpu', 'utf8');
  } catch (error) {
    if (isRecord(error) && (error.code === 'ENOENT' || error.code === 'EOPNOTSUPP')) return undefined;
    throw error;
  }
  const total = /^some .*total=(\d+)$/m.exec(text)?.[1];
  return total === undefined ? undefined : Number(total);
}

/** The share of `elapsedMs` with a task waiting for a CPU, or a note saying why it is unknown. */
function cpuPressureShare(
  start: number | undefined,
  end: number | undefined,
  elapsedMs: number,
): number | string {
  if (start === undefined || end === undefined) return 'unavailable (no /proc/pressure/cpu)';
  return roundFigure((end - start) / 1000 / elapsedMs);
}

/** Progress goes to stderr, so stdout holds only figures and the JSON summary. */
function progress(message: string): void {
  process.stderr.write(`# ${message}\n`);
}

await main();
