/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions and files with the most self time,
 * over the whole run or per phase of the benchmark, so a run can say what dominates the server's CPU.
 * Samples carry monotonic-clock timestamps shared by every process, so the benchmark's phase marks cut the
 * server's profile directly. Gaps in sampling (the OS not running the process at all, on a busy machine)
 * are reported as "not running" rather than charged to the function that happened to run before them. Also runnable on its own: `node dist/bench/cpu-profile.js FILE [TOP]`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isRecord } from './json.js';
import { repoRoot } from './server-process.js';
import { percentile } from './stats.js';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

export interface CpuProfile {
  /** Call frame of every node id. */
  readonly frames: ReadonlyMap<number, CallFrame>;
  /** One sample per tick: the node that was running, when (µs, monotonic clock) and for how long. */
  readonly samples: readonly ProfileSample[];
}

interface ProfileSample {
  readonly nodeId: number;
  readonly atUs: number;
  readonly us: number;
  /** Time after this sample during which the process took no samples at all: it was not running. */
  readonly stalledUs: number;
}

/** A stretch of the run, in µs on the monotonic clock (see `monotonicMicros`). */
export interface ProfileWindow {
  readonly name: string;
  readonly startUs: number;
  readonly endUs: number;
}

/** Group self time by function (name and line) or by source file. */
export type Grouping = 'function' | 'file';

interface SelfTime {
  readonly location: string;
  readonly ms: number;
}

/** V8's pseudo-frame for time the thread spent waiting; it is left out of the shares. */
const idle = '(idle)';
/** Sampling gaps, when the OS did not run the process (a busy machine), also left out of the shares. */
const notRunning = '(not running)';
/** A gap this many sampling intervals long means the process was descheduled, not busy in one function. */
const gapIntervals = 5;

export async function readProfile(path: string): Promise<CpuProfile> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (
    !isRecord(parsed) ||
    !Array.isArray(parsed.nodes) ||
    typeof parsed.startTime !== 'number' ||
    !isNumbers(parsed.samples) ||
    !isNumbers(parsed.timeDeltas)
  ) {
    throw new Error(`${path} is not a V8 CPU profile`);
  }
  const frames = new Map(parsed.nodes.map(decodeNode));
  const deltas = parsed.timeDeltas;
  const intervalUs = percentile(
    deltas.filter((delta) => delta > 0),
    50,
  );
  let atUs = parsed.startTime;
  const samples = parsed.samples.map((nodeId, index): ProfileSample => {
    atUs += deltas[index] ?? 0;
    // A sample stands for the time until the next one, unless that is a gap in sampling.
    const untilNext = deltas[index + 1] ?? 0;
    const gap = untilNext > gapIntervals * intervalUs;
    return { nodeId, atUs, us: gap ? intervalUs : untilNext, stalledUs: gap ? untilNext - intervalUs : 0 };
  });
  return { frames, samples };
}

/** The .cpuprofile files in `dir`, oldest first (V8 names them by date and time). */
export async function profilesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  return names.map((name) => join(dir, name));
}

/** A readable report: busy time and the top self-time functions, for the whole run and each window. */
export function summarise(profile: CpuProfile, top: number, windows: readonly ProfileWindow[] = []): string {
  const whole = { name: 'whole run', startUs: -Infinity, endUs: Infinity };
  const sections = [
    section(profile, whole, top, 'file'),
    section(profile, whole, top, 'function'),
    ...windows.map((window) => section(profile, window, top, 'function')),
  ];
  return sections.join('\n\n');
}

function section(profile: CpuProfile, window: ProfileWindow, top: number, grouping: Grouping): string {
  const rows = selfTime(profile, window, grouping);
  const msOf = (location: string): number => rows.find((row) => row.location === location)?.ms ?? 0;
  const busy = rows.filter((row) => row.location !== idle && row.location !== notRunning);
  const busyMs = busy.reduce((sum, row) => sum + row.ms, 0);
  const header =
    `${window.name}: busy ${busyMs.toFixed(0)} ms, idle ${msOf(idle).toFixed(0)} ms, ` +
    `not running ${msOf(notRunning).toFixed(0)} ms; self time by ${grouping}:`;
  const lines = busy
    .slice(0, top)
    .map(
      (row) =>
        `${((100 * row.ms) / busyMs).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.location}`,
    );
  return [header, ...lines].join('\n');
}

/** Self time per function or file inside `window`, most first; a function reached by several paths is summed. */
function selfTime(profile: CpuProfile, window: ProfileWindow, grouping: Grouping): SelfTime[] {
  const msByLocation = new Map<string, number>();
  for (const sample of profile.samples) {
    if (sample.atUs < window.startUs || sample.atUs >= window.endUs) continue;
    const frame = profile.frames.get(sample.nodeId);
    const location = frame ? describe(frame, grouping) : '(unknown)';
    msByLocation.set(location, (msByLocation.get(location) ?? 0) + sample.us / 1000);
    if (sample.stalledUs > 0) {
      msByLocation.set(notRunning, (msByLocation.get(notRunning) ?? 0) + sample.stalledUs / 1000);
    }
  }
  return [...msByLocation.entries()].map(([location, ms]) => ({ location, ms })).sort((a, b) => b.ms - a.ms);
}

function describe(frame: CallFrame, grouping: Grouping): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  // V8's pseudo-frames ((garbage collector), (program), (idle)) and native functions have no file.
  if (frame.url === '') return name;
  const path = frame.url.startsWith('file://') ? relative(repoRoot, new URL(frame.url).pathname) : frame.url;
  return grouping === 'file' ? path : `${name} ${path}:${frame.lineNumber + 1}`;
}

function decodeNode(node: unknown): [number, CallFrame] {
  const frame = isRecord(node) ? node.callFrame : undefined;
  if (!isRecord(node) || typeof node.id !== 'number' || !isRecord(frame)) {
    throw new Error('malformed profile node');
  }
  const { functionName, url, lineNumber } = frame;
  if (typeof functionName !== 'string' || typeof url !== 'string' || typeof lineNumber !== 'number') {
    throw new Error(`malformed call frame in profile node ${node.id}`);
  }
  return [node.id, { functionName, url, lineNumber }];
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  const [file, top = '30'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: node dist/bench/cpu-profile.js FILE.cpuprofile [TOP]');
  process.stdout.write(`${summarise(await readProfile(file), Number(top))}\n`);
}
