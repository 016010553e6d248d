/**
 * Watch fan-out: many concurrent watchers on ConfigMaps in one namespace, spread over several HTTP/2
 * sessions, and a writer creating one object at a time. For every (write, watcher) pair the delivery
 * latency is the time from the write's acknowledgement (its response fully received) to the event reaching
 * that watcher; an event that beats the acknowledgement counts as 0. Since the server may fan out before it
 * answers the writer, the time from sending the write to each event is reported too.
 */
import { ApiClient, type ClientCredentials } from './client.js';
import { withServerCpu, type CpuProbe } from './server-process.js';
import { resourceVersionOf } from './json.js';
import { nowMs, percentile, serverCpuFigure, type Recorder } from './stats.js';
import { configMap, configMapsPath, createNamespace } from './workload.js';

export interface WatchBenchOptions {
  readonly watchers: number;
  /** Writes, each one waited for at every watcher before the next. */
  readonly writes: number;
}

/** Where the watchers connect, and the process whose CPU time is charged to the writes. */
export interface WatchedServer extends CpuProbe {
  readonly origin: string;
  readonly credentials: ClientCredentials;
}

const namespace = 'bench-watch';
/** Watch streams per HTTP/2 session (the server allows 1,000 concurrent streams per session). */
const watchersPerSession = 250;
/** How long a write's event may take to reach every watcher before the run fails. */
const deliveryTimeoutMs = 10_000;
/** Quiet time between writes, so each write's fan-out is measured on its own. */
const pauseBetweenWritesMs = 5;

/** The writes and their deliveries, in ms, over every (write, watcher) pair. */
interface Deliveries {
  readonly afterAck: number[];
  readonly afterSend: number[];
}

export async function runWatchBench(
  server: WatchedServer,
  writer: ApiClient,
  options: WatchBenchOptions,
  recorder: Recorder,
): Promise<void> {
  recorder.phase('watch.open');
  await createNamespace(writer, namespace);
  const listed = await writer.request('GET', configMapsPath(namespace), 200);
  const arrivals = new ArrivalLog(options.watchers);
  const fleet = await WatcherFleet.open(server, options.watchers, resourceVersionOf(listed.body), arrivals);
  try {
    recorder.phase('watch.write');
    const { result, cpuMs } = await withServerCpu(server, () =>
      writeAndWait(writer, arrivals, options.writes),
    );
    recorder.figure({ name: 'watch.delivery.p50', value: percentile(result.afterAck, 50), unit: 'ms' });
    recorder.figure({ name: 'watch.delivery.p99', value: percentile(result.afterAck, 99), unit: 'ms' });
    recorder.figure({
      name: 'watch.write_to_event.p99',
      value: percentile(result.afterSend, 99),
      unit: 'ms',
    });
    recorder.figure(serverCpuFigure('watch.write', cpuMs, options.writes));
  } finally {
    await fleet.close();
  }
}

/** Creates `writes` objects one at a time, each waited for at every watcher before the next. */
async function writeAndWait(writer: ApiClient, arrivals: ArrivalLog, writes: number): Promise<Deliveries> {
  const afterAck: number[] = [];
  const afterSend: number[] = [];
  for (let write = 0; write < writes; write++) {
    const object = configMap(namespace, `cm-${write}`);
    const sent = nowMs();
    const response = await writer.request('POST', configMapsPath(namespace), 201, object);
    const acknowledged = nowMs();
    for (const arrived of await arrivals.everywhere(resourceVersionOf(response.body))) {
      afterAck.push(Math.max(0, arrived - acknowledged));
      afterSend.push(arrived - sent);
    }
    await new Promise((resolve) => setTimeout(resolve, pauseBetweenWritesMs));
  }
  return { afterAck, afterSend };
}

/** When each watcher saw each resourceVersion; resolves a waiter once all of them have. */
class ArrivalLog {
  private readonly times = new Map<string, number[]>();
  private readonly waiters = new Map<string, () => void>();

  constructor(private readonly watchers: number) {}

  record(resourceVersion: string, at: number): void {
    let times = this.times.get(resourceVersion);
    if (!times) this.times.set(resourceVersion, (times = []));
    times.push(at);
    if (times.length === this.watchers) this.waiters.get(resourceVersion)?.();
  }

  /** Arrival times of `resourceVersion` at every watcher, once all have it; forgets them afterwards. */
  async everywhere(resourceVersion: string): Promise<number[]> {
    if ((this.times.get(resourceVersion)?.length ?? 0) < this.watchers) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const seen = this.times.get(resourceVersion)?.length ?? 0;
          reject(
            new Error(
              `event ${resourceVersion} reached ${seen} of ${this.watchers} watchers in ${deliveryTimeoutMs} ms`,
            ),
          );
        }, deliveryTimeoutMs);
        this.waiters.set(resourceVersion, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const times = this.times.get(resourceVersion) ?? [];
    this.times.delete(resourceVersion);
    this.waiters.delete(resourceVersion);
    return times;
  }
}

/** The watch streams and the sessions carrying them. */
class WatcherFleet {
  private constructor(
    private readonly sessions: readonly ApiClient[],
    private readonly streams: readonly { close(): void }[],
  ) {}

  static async open(
    { origin, credentials }: WatchedServer,
    watchers: number,
    fromResourceVersion: string,
    arrivals: ArrivalLog,
  ): Promise<WatcherFleet> {
    const sessionCount = Math.ceil(watchers / watchersPerSession);
    const sessions = await Promise.all(
      Array.from({ length: sessionCount }, () => ApiClient.connect(origin, credentials)),
    );
    const path = `${configMapsPath(namespace)}?watch=true&resourceVersion=${fromResourceVersion}`;
    const streams = await Promise.all(
      Array.from({ length: watchers }, (_, watcher) => {
        const session = sessions[watcher % sessionCount];
        if (!session) throw new Error(`no session for watcher ${watcher}`);
        return session.openStream(path, eventLineReader(arrivals));
      }),
    );
    return new WatcherFleet(sessions, streams);
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.close();
    await Promise.all(this.sessions.map((session) => session.close()));
  }
}

const resourceVersionField = '"resourceVersion":"';

/**
 * A watch stream's data handler: splits the newline-delimited events and logs each one's resourceVersion
 * with the arrival time of the chunk that completed it. Kept cheap (no JSON parsing), since a thousand of
 * these run one after another for every write and their cost lands in the later watchers' latencies.
 */
function eventLineReader(arrivals: ArrivalLog): (chunk: Buffer) => void {
  let partial = '';
  return (chunk) => {
    const at = nowMs();
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const start = line.indexOf(resourceVersionField) + resourceVersionField.length;
      const end = line.indexOf('"', start);
      if (start < resourceVersionField.length || end < 0)
        throw new Error(`watch event without resourceVersion: ${line.slice(0, 200)}`);
      arrivals.record(line.slice(start, end), at);
    }
  };
}
