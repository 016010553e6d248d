/**
 * What each logical cluster stores (objects, and bytes of their stored values), for Tenant status and
 * tenant limits. A cluster's figures are counted from storage once, the first time they are asked for
 * (one range per resource), then follow every write through one store watch over all keys, so admission
 * and status can ask as often as they like for free.
 */
import type { ClusterName } from '../machinery/context.js';
import type { Watch, WatchEvent } from '../storage/index.js';
import { clusterOfKey, collectionPrefix } from './keys.js';
import type { Registry } from './registry.js';

export interface ClusterUsage {
  readonly objects: number;
  readonly bytes: number;
}

interface Tracked {
  objects: number;
  bytes: number;
  /** Writes at or below this revision are in the figures already. */
  asOf: number;
  /** Writes seen while the first count runs, applied once it is known which it missed. */
  early?: WatchEvent[];
  counting?: Promise<ClusterUsage>;
}

export class ClusterUsageTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly listeners: ((cluster: string) => void)[] = [];
  private watch: Watch | undefined;

  constructor(private readonly registry: Registry) {}

  /** Follows every write from now on; call once before anything asks for usage. */
  async start(): Promise<void> {
    const store = this.registry.deps.store;
    this.watch = await store.watch('/', store.currentRevision(), (event) => this.observe(event));
  }

  stop(): void {
    this.watch?.stop();
  }

  /** Calls `listener` synchronously with the logical cluster of every write from now on. */
  onWrite(listener: (cluster: string) => void): void {
    this.listeners.push(listener);
  }

  /** Objects stored in one logical cluster and the bytes their values take, over every resource. */
  usage(cluster: ClusterName): Promise<ClusterUsage> {
    const known = this.tracked.get(cluster);
    if (known === undefined) return this.count(cluster);
    return known.counting ?? Promise.resolve({ objects: known.objects, bytes: known.bytes });
  }

  /** Stops tracking a cluster that is gone. */
  forget(cluster: ClusterName): void {
    this.tracked.delete(cluster);
  }

  private count(cluster: ClusterName): Promise<ClusterUsage> {
    const entry: Tracked = { objects: 0, bytes: 0, asOf: Number.MAX_SAFE_INTEGER, early: [] };
    this.tracked.set(cluster, entry);
    const store = this.registry.deps.store;
    const scope = { kind: 'one', name: cluster } as const;
    // Versions of one resource share a prefix: count each prefix once.
    const prefixes = new Set(this.registry.servedIn(scope).map((rs) => collectionPrefix(scope, rs.def, '')));
    const asOf = store.currentRevision();
    entry.counting = store.usage([...prefixes]).then(
      (counted) => {
        entry.objects = counted.objects;
        entry.bytes = counted.bytes;
        entry.asOf = asOf;
        for (const event of entry.early ?? []) this.apply(entry, event);
        delete entry.early;
        delete entry.counting;
        return counted;
      },
      (error: unknown) => {
        if (this.tracked.get(cluster) === entry) this.tracked.delete(cluster);
        throw error;
      },
    );
    return entry.counting;
  }

  private observe(event: WatchEvent): void {
    const cluster = clusterOfKey(event.key);
    const entry = this.tracked.get(cluster);
    if (entry !== undefined) {
      if (entry.early !== undefined) entry.early.push(event);
      else this.apply(entry, event);
    }
    for (const listener of this.listeners) listener(cluster);
  }

  private apply(entry: Tracked, event: WatchEvent): void {
    if (event.revision <= entry.asOf) return;
    if (event.type === 'delete') {
      entry.objects -= 1;
      entry.bytes -= Buffer.byteLength(event.value);
    } else if (event.created) {
      entry.objects += 1;
      entry.bytes += Buffer.byteLength(event.value);
    } else {
      entry.bytes += Buffer.byteLength(event.value) - Buffer.byteLength(event.prevValue ?? '');
    }
  }
}
