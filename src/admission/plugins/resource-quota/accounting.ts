/**
 * The quota bookkeeping admission and the quota controller share (one instance per process):
 * - admission is serialized per (logical cluster, namespace), so two writes never charge one quota from
 *   the same stale status;
 * - writes admitted but not yet committed ("pending") are remembered, so a recalculation by the controller
 *   that lists objects between admission and commit still counts them, and quota is never exceeded;
 * - the recalculation itself (upstream quota.CalculateUsage plus the controller's status rules).
 */
import { clusterOf, type ClusterName, type RequestContext } from '../../../machinery/context.js';
import { internalError } from '../../../machinery/errors.js';
import { cloneJson, type KubeObject } from '../../../machinery/object.js';
import { parseResourceList, Quantity, resourceListToJson } from '../../../machinery/quantity.js';
import { listObjects, parseListQuery, type Registry } from '../../../registry/index.js';
import { evaluatorsFor } from './check.js';
import { quotaScopes, type QuotaEvaluator } from './evaluator.js';
import { recordOf } from './pod-resources.js';
import { addLists, maskList } from './resource-lists.js';

/** How long an admitted write may take to reach storage before its charge is treated as abandoned. */
const pendingTtlMs = 30_000;
/** Upstream waits at most 10 s for quota evaluation. */
const defaultTimeoutMs = 10_000;

/** A write quota admitted and charged, not yet seen in storage. */
interface PendingWrite {
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly group: string;
  readonly resource: string;
  readonly name: string;
  /** The resourceVersion the update replaces; undefined for a create. */
  readonly replaces: string | undefined;
  readonly object: KubeObject;
}

export type RecalculationListener = (cluster: ClusterName, namespace: string) => void;

export interface QuotaStatus {
  hard: Record<string, string>;
  used: Record<string, string>;
}

export class QuotaAccounting {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, PendingWrite>();
  private readonly listeners = new Set<RecalculationListener>();

  constructor(
    private readonly registry: Registry,
    readonly timeoutMs = defaultTimeoutMs,
  ) {}

  /**
   * Runs `work` after every earlier call for the same cluster and namespace has finished. Waiting longer
   * than the timeout gives upstream's 500 "resource quota evaluation timed out" and skips `work`.
   */
  async serialize<T>(cluster: ClusterName, namespace: string, work: () => Promise<T>): Promise<T> {
    const key = `${cluster}/${namespace}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
      });
      if ((await Promise.race([previous.then(() => 'turn' as const), timedOut])) === 'timeout') {
        throw internalError(new Error('resource quota evaluation timed out'));
      }
      return await work();
    } finally {
      clearTimeout(timer);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Remembers an admitted write until storage shows it or the TTL passes; returns a handle to drop it. */
  recordPending(ctx: RequestContext, group: string, resource: string, object: KubeObject, replaces?: string) {
    const write: PendingWrite = {
      cluster: clusterOf(ctx),
      namespace: object.metadata.namespace ?? '',
      group,
      resource,
      name: object.metadata.name ?? '',
      replaces,
      object: cloneJson(object),
    };
    const key = pendingKey(write.cluster, write.namespace, group, resource, write.name);
    this.pending.set(key, write);
    const expire = setTimeout(() => this.drop(key, write), pendingTtlMs);
    expire.unref();
    return {
      /** The write failed: forget it and have usage recalculated (its charge is now too high). */
      abandon: () => {
        clearTimeout(expire);
        this.drop(key, write);
      },
    };
  }

  private drop(key: string, write: PendingWrite): void {
    if (this.pending.get(key) !== write) return;
    this.pending.delete(key);
    this.notify(write.cluster, write.namespace);
  }

  /** Registers a listener for namespaces whose usage must be recalculated; returns its removal. */
  onRecalculationNeeded(listener: RecalculationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(cluster: ClusterName, namespace: string): void {
    for (const listener of this.listeners) listener(cluster, namespace);
  }

  /** Whether writes of `group/resource` can change the usage of a quota limiting `names`. */
  measures(group: string, resource: string, names: readonly string[]): boolean {
    return evaluatorsFor(names).some((e) => e.group === group && e.resource === resource);
  }

  /**
   * The status a quota should have (upstream resource quota controller syncResourceQuota): status.hard is
   * spec.hard; status.used is measured from the objects in the quota's namespace (plus pending writes),
   * keeps earlier values of names nothing measures, and holds exactly the names in spec.hard.
   */
  async calculateStatus(ctx: RequestContext, quota: KubeObject): Promise<QuotaStatus> {
    const namespace = quota.metadata.namespace ?? '';
    const hard = parseResourceList(recordOf(quota['spec'])['hard']);
    const names = [...hard.keys()];
    const scopes = quotaScopes(quota);
    const now = new Date();
    let measured = new Map<string, Quantity>();
    const matched = new Set<string>();
    for (const evaluator of evaluatorsFor(names)) {
      const tracked = evaluator.matchingResources(names);
      // Custom resources are served per cluster; the first match is the preferred version.
      const rs = this.registry
        .servedIn(ctx.cluster)
        .find((r) => r.def.group === evaluator.group && r.def.plural === evaluator.resource);
      if (tracked.length === 0 || rs === undefined || !rs.def.namespaced) continue;
      const listed = (await listObjects(rs, ctx, namespace, parseListQuery(new URLSearchParams(), 'list')))
        .items;
      let used = new Map(tracked.map((name) => [name, Quantity.zero]));
      for (const item of this.withPending(ctx, evaluator, namespace, listed)) {
        if (scopes.every((scope) => evaluator.matchesScope(scope, item))) {
          used = addLists(used, evaluator.usage(item, now));
        }
      }
      measured = addLists(measured, used);
      for (const name of tracked) matched.add(name);
    }
    const used = parseResourceList(recordOf(quota['status'])['used']);
    for (const [name, quantity] of maskList(measured, matched)) used.set(name, quantity);
    return { hard: resourceListToJson(hard), used: resourceListToJson(maskList(used, names)) };
  }

  /**
   * The listed objects with pending writes laid over them. A pending create counts until an object of its
   * name is listed; a pending update replaces the listed object while that still has the replaced version.
   */
  private withPending(
    ctx: RequestContext,
    evaluator: QuotaEvaluator,
    namespace: string,
    listed: readonly KubeObject[],
  ): KubeObject[] {
    const cluster = clusterOf(ctx);
    const prefix = pendingKey(cluster, namespace, evaluator.group, evaluator.resource, '');
    const byName = new Map(listed.map((obj) => [obj.metadata.name ?? '', obj]));
    for (const [key, write] of this.pending) {
      if (!key.startsWith(prefix)) continue;
      const current = byName.get(write.name);
      const committed =
        write.replaces === undefined
          ? current !== undefined
          : current === undefined || current.metadata.resourceVersion !== write.replaces;
      if (committed) this.pending.delete(key);
      else byName.set(write.name, write.object);
    }
    return [...byName.values()];
  }
}

function pendingKey(
  cluster: string,
  namespace: string,
  group: string,
  resource: string,
  name: string,
): string {
  return `${cluster}\u0000${namespace}\u0000${group}\u0000${resource}\u0000${name}`;
}
