/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, by name and
 * source location, so a benchmark run can say what dominates the server's CPU. Also runnable on its own:
 * `node dist/bench/cpu-profile.js FILE.cpuprofile [TOP]`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isRecord } from './json.js';
import { repoRoot } from './server-process.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly location: string;
  readonly ms: number;
  readonly share: number;
}

/** Group self time by function (name and line) or by source file. */
export type Grouping = 'function' | 'file';

/** Self time by function or file, most first; the same function reached by different paths is summed. */
export function topSelfTime(profile: CpuProfile, top: number, grouping: Grouping = 'function'): SelfTime[] {
  const locationOf = new Map(profile.nodes.map((node) => [node.id, describe(node.callFrame, grouping)]));
  const msByLocation = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((nodeId, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const location = locationOf.get(nodeId) ?? '(unknown)';
    msByLocation.set(location, (msByLocation.get(location) ?? 0) + ms);
    totalMs += ms;
  });
  return [...msByLocation.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([location, ms]) => ({ location, ms, share: ms / totalMs }));
}

function describe(frame: ProfileNode['callFrame'], grouping: Grouping): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  // V8's pseudo-frames ((garbage collector), (program), (idle)) and natives have no file.
  if (frame.url === '') return name;
  const path = frame.url.startsWith('file://') ? relative(repoRoot, new URL(frame.url).pathname) : frame.url;
  return grouping === 'file' ? path : `${name} ${path}:${frame.lineNumber + 1}`;
}

export async function readProfile(path: string): Promise<CpuProfile> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isRecord(parsed) || !Array.isArray(parsed.nodes) || !isNumbers(parsed.samples) || !isNumbers(parsed.timeDeltas)) {
    throw new Error(`${path} is not a V8 CPU profile`);
  }
  return { nodes: parsed.nodes.map(decodeNode), samples: parsed.samples, timeDeltas: parsed.timeDeltas };
}

function decodeNode(node: unknown): ProfileNode {
  const frame = isRecord(node) ? node.callFrame : undefined;
  if (!isRecord(node) || typeof node.id !== 'number' || !isRecord(frame)) throw new Error('malformed profile node');
  const { functionName, url, lineNumber } = frame;
  if (typeof functionName !== 'string' || typeof url !== 'string' || typeof lineNumber !== 'number') {
    throw new Error(`malformed call frame in profile node ${node.id}`);
  }
  return { id: node.id, callFrame: { functionName, url, lineNumber } };
}

function isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

/** The .cpuprofile files in `dir`, newest name last (V8 names them by date). */
export async function profilesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  return names.map((name) => join(dir, name));
}

/** The top functions and the top files by self time, as a readable table. */
export function summarise(profile: CpuProfile, top: number): string {
  const table = (rows: readonly SelfTime[]): string =>
    rows
      .map((row) => `${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.location}`)
      .join('\n');
  return [
    `self time by function (top ${top}):`,
    table(topSelfTime(profile, top, 'function')),
    `self time by file (top ${top}):`,
    table(topSelfTime(profile, top, 'file')),
  ].join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  const [file, top = '30'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: node dist/bench/cpu-profile.js FILE.cpuprofile [TOP]');
  process.stdout.write(`${summarise(await readProfile(file), Number(top))}\n`);
}
