/**
 * One watch on the Tenant collection, open for the whole tenants benchmark: it records when each tenant was
 * first seen with condition Ready=True and when it was DELETED (the arrival time of the chunk that completed
 * the event), so the benchmark waits for events instead of walking the list, and times them precisely.
 */
import type { ClientHttp2Stream } from 'node:http2';
import type { ApiClient } from './client.js';
import { isRecord, resourceVersionOf } from './json.js';
import { nowMs } from './stats.js';

/** Longer than any run; the watch ending before `close` fails the benchmark. */
const watchTimeoutSeconds = 3_600;

export class TenantWatch {
  private readonly readyAt = new Map<string, number>();
  private readonly deletedAt = new Map<string, number>();
  /** Why the watch failed (an ERROR event, an unreadable event, the stream ending), once it has. */
  private failure: Error | undefined;
  /** Set by `close`, so the stream closing is not taken for a failure. */
  private closing = false;
  /** The wait in progress: the map it waits to fill, and how to wake it (when full, or on failure). */
  private pending: { readonly seen: ReadonlyMap<string, number>; readonly wake: () => void } | undefined;
  private stream: ClientHttp2Stream | undefined;

  private constructor(private readonly expected: ReadonlySet<string>) {}

  /**
   * Opens the watch at the collection's current resourceVersion (so it carries only later changes) and
   * resolves once the server has registered it. Only the tenants named in `expected` are tracked.
   */
  static async open(
    client: ApiClient,
    tenantsPath: string,
    expected: ReadonlySet<string>,
  ): Promise<TenantWatch> {
    const listed = await client.request('GET', `${tenantsPath}?limit=1`, 200);
    const query = new URLSearchParams({
      watch: 'true',
      resourceVersion: resourceVersionOf(listed.body),
      timeoutSeconds: String(watchTimeoutSeconds),
    });
    const watch = new TenantWatch(expected);
    const stream = await client.openStream(`${tenantsPath}?${query}`, watch.lineReader());
    stream.on('error', (error: Error) => watch.fail(new Error(`the tenant watch failed: ${error.message}`)));
    stream.once('end', () => watch.fail(new Error('the tenant watch ended before the benchmark was done')));
    // A reset stream or a dying session closes the stream without 'end'.
    stream.once('close', () =>
      watch.fail(
        new Error(
          `the tenant watch was closed before the benchmark was done (HTTP/2 code ${stream.rstCode})`,
        ),
      ),
    );
    watch.stream = stream;
    return watch;
  }

  /**
   * When each expected tenant was first seen Ready (`nowMs`), once every one has been; throws at `deadline`
   * with how many are still missing, or as soon as the watch has failed.
   */
  async readyTimes(deadline: number): Promise<ReadonlyMap<string, number>> {
    await this.waitForAll('every tenant Ready', this.readyAt, deadline);
    return this.readyAt;
  }

  /** When each expected tenant was DELETED (`nowMs`), once every one has been; throws like `readyTimes`. */
  async deletedTimes(deadline: number): Promise<ReadonlyMap<string, number>> {
    await this.waitForAll('every tenant DELETED', this.deletedAt, deadline);
    return this.deletedAt;
  }

  /** Closes the stream, so the client's session can close. */
  close(): void {
    this.closing = true;
    this.stream?.close();
  }

  /** Waits until `seen` holds every expected tenant, the watch fails, or `deadline` passes (then throws). */
  private async waitForAll(goal: string, seen: ReadonlyMap<string, number>, deadline: number): Promise<void> {
    if (seen.size < this.expected.size && this.failure === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - nowMs()));
        const wake = (): void => {
          clearTimeout(timer);
          resolve();
        };
        this.pending = { seen, wake };
      });
      this.pending = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
    const missing = this.expected.size - seen.size;
    if (missing > 0) throw new Error(`waiting for ${goal}: ${missing} tenants still to go at the deadline`);
  }

  /** Records the first failure, wakes the pending wait and stops reading. */
  private fail(error: Error): void {
    if (this.closing || this.failure !== undefined) return;
    this.failure = error;
    this.pending?.wake();
    this.stream?.close();
  }

  /** The stream's data handler: splits newline-delimited events (a chunk may end mid-line) and records them. */
  private lineReader(): (chunk: Buffer) => void {
    let partial = '';
    return (chunk) => {
      const at = nowMs();
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      try {
        for (const line of lines) if (line !== '') this.record(line, at);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }

  private record(line: string, at: number): void {
    const event: unknown = JSON.parse(line);
    const object = isRecord(event) ? event.object : undefined;
    if (!isRecord(event) || !isRecord(object)) throw new Error(`not a watch event: ${line.slice(0, 200)}`);
    if (event.type === 'ERROR')
      throw new Error(`the tenant watch sent an ERROR event: ${line.slice(0, 500)}`);
    if (event.type === 'BOOKMARK') return;
    const name = isRecord(object.metadata) ? object.metadata.name : undefined;
    if (typeof name !== 'string') throw new Error(`watch event without metadata.name: ${line.slice(0, 200)}`);
    if (!this.expected.has(name)) return;
    if (event.type === 'DELETED') this.add(this.deletedAt, name, at);
    else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      if (isReady(object)) this.add(this.readyAt, name, at);
    } else throw new Error(`unknown watch event type: ${line.slice(0, 200)}`);
  }

  /** Keeps the first time `name` was seen, and wakes the pending wait once `seen` holds every tenant. */
  private add(seen: Map<string, number>, name: string, at: number): void {
    if (seen.has(name)) return;
    seen.set(name, at);
    if (this.pending?.seen === seen && seen.size === this.expected.size) this.pending.wake();
  }
}

function isReady(tenant: Record<string, unknown>): boolean {
  const status = tenant.status;
  const conditions = isRecord(status) && Array.isArray(status.conditions) ? status.conditions : [];
  return conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}
