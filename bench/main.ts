/**
 * `npm run bench -- [store|api|watch|all] [--quick] [--json FILE] [--clients N] [--server-cpu-prof DIR]`
 *
 * Prints one `name value unit` line per figure as it is measured, then a JSON summary (also written to
 * FILE with --json). Everything runs on one fresh temp directory: the store benchmark's database and the
 * server's data dir sit side by side on the same disk, so both pay the same fsync.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runApiBench, type ApiBenchOptions } from './api.js';
import { ApiClient } from './client.js';
import { profilesIn, readProfile, summarise } from './cpu-profile.js';
import { startServer } from './server-process.js';
import { roundFigure, type Figure } from './stats.js';
import { runStoreBench } from './store.js';
import { runWatchBench, type WatchBenchOptions } from './watch.js';

const benchmarks = ['store', 'api', 'watch', 'all'] as const;
type Benchmark = (typeof benchmarks)[number];

interface Plan {
  readonly storeMs: number;
  readonly api: Omit<ApiBenchOptions, 'clients'>;
  readonly watch: WatchBenchOptions;
}

/** Sized so the full run stays under 15 minutes and --quick under 3 on a 2-core machine. */
const plans: Record<'full' | 'quick', Plan> = {
  full: {
    storeMs: 10_000,
    api: { updateMs: 10_000, getPerSecond: 500, getMs: 20_000, listRuns: 200, pagedRuns: 5 },
    watch: { watchers: 1_000, writes: 200 },
  },
  quick: {
    storeMs: 3_000,
    api: { updateMs: 3_000, getPerSecond: 500, getMs: 5_000, listRuns: 50, pagedRuns: 2 },
    watch: { watchers: 1_000, writes: 50 },
  },
};

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
  if (!isBenchmark(benchmark)) throw new Error(`unknown benchmark ${benchmark}: use one of ${benchmarks.join(', ')}`);
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

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const plan = plans[settings.mode];
  const figures: Figure[] = [];
  const report = (figure: Figure): void => {
    const rounded = { ...figure, value: roundFigure(figure.value) };
    figures.push(rounded);
    process.stdout.write(`${rounded.name} ${rounded.value} ${rounded.unit}\n`);
  };
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), 'kubetenant-bench-'));
  try {
    const { benchmark } = settings;
    if (benchmark !== 'watch') {
      progress(`store (${plan.storeMs / 1000} s per figure) in ${root}`);
      const storeDir = join(root, 'store');
      await mkdir(storeDir);
      const storeOptions = { dir: storeDir, durationMs: plan.storeMs, batchSize: settings.clients };
      await runStoreBench(storeOptions, report, benchmark === 'api');
    }
    if (benchmark !== 'store') await runAgainstServer(root, settings, plan, figures, report);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const summary = {
    figures,
    machine: machine(),
    date: new Date().toISOString(),
    settings: { benchmark: settings.benchmark, mode: settings.mode, clients: settings.clients },
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
  };
  const json = JSON.stringify(summary, null, 2);
  process.stdout.write(`${json}\n`);
  if (settings.jsonFile !== undefined) await writeFile(settings.jsonFile, `${json}\n`);
}

/** Starts the server as a child on a fresh data dir, runs the API and/or watch benchmarks, stops it. */
async function runAgainstServer(
  root: string,
  settings: Settings,
  plan: Plan,
  figures: readonly Figure[],
  report: (figure: Figure) => void,
): Promise<void> {
  const server = await startServer({ dataDir: join(root, 'server'), cpuProfileDir: settings.cpuProfileDir });
  try {
    report({ name: 'server.rss.start', value: (await server.memoryMiB()).rss, unit: 'MiB' });
    const client = await ApiClient.connect(server.origin, server.credentials);
    if (settings.benchmark !== 'watch') {
      const baseline = figures.find((figure) => figure.name === 'store.commit.throughput');
      if (!baseline) throw new Error('store.commit.throughput must be measured before the API benchmark');
      progress(`api (${settings.clients} concurrent streams) against ${server.origin}`);
      await runApiBench(client, { ...plan.api, clients: settings.clients }, baseline.value, report);
    }
    progress(`watch (${plan.watch.watchers} watchers, ${plan.watch.writes} writes)`);
    await runWatchBench(server.origin, server.credentials, client, plan.watch, report);
    report({ name: 'server.rss.peak', value: (await server.memoryMiB()).peak, unit: 'MiB' });
    await client.close();
  } finally {
    await server.stop();
  }
  if (settings.cpuProfileDir !== undefined) await printNewestProfile(settings.cpuProfileDir);
}

async function printNewestProfile(dir: string): Promise<void> {
  const newest = (await profilesIn(dir)).at(-1);
  if (newest === undefined) throw new Error(`the server wrote no CPU profile to ${dir}`);
  progress(`server CPU profile: ${newest}\n${summarise(await readProfile(newest), 25)}`);
}

function machine(): Record<string, string | number> {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** Progress goes to stderr, so stdout holds only figures and the JSON summary. */
function progress(message: string): void {
  process.stderr.write(`# ${message}\n`);
}

await main();
