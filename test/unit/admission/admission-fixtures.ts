/** A registry over SQLite in memory with a chosen admission chain, for in-process admission tests. */
import assert from 'node:assert/strict';
import { AdmissionChain, type MutatingPlugin, type ValidatingPlugin } from '../../../src/admission/index.js';
import { parseClusterName, type ClusterName, type RequestContext } from '../../../src/machinery/context.js';
import { isStatusError, type StatusError } from '../../../src/machinery/errors.js';
import type { Logger } from '../../../src/machinery/logger.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import {
  admitAll,
  clusterContext,
  deleteObject,
  Registry,
  type Admission,
  type ResourceStore,
} from '../../../src/registry/index.js';
import { SqliteStore } from '../../../src/storage/index.js';

export function cluster(name: string): ClusterName {
  const parsed = parseClusterName(name);
  if (parsed === undefined) throw new Error(`bad cluster name ${name}`);
  return parsed;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface AdmissionFixture {
  readonly registry: Registry;
  readonly signal: AbortSignal;
  /** A fresh superuser context in `cluster` (its own warnings list). */
  ctx(cluster?: string): RequestContext;
  /** Installs the chain; plugins are built from the registry, so this follows construction. */
  use(mutating: readonly MutatingPlugin[], validating: readonly ValidatingPlugin[]): void;
  store(plural: string, group?: string): ResourceStore;
  create(
    ctx: RequestContext,
    obj: KubeObject,
    options?: { dryRun?: boolean; group?: string },
  ): Promise<KubeObject>;
  get(ctx: RequestContext, plural: string, namespace: string, name: string): Promise<KubeObject>;
  remove(ctx: RequestContext, plural: string, namespace: string, name: string): Promise<void>;
  close(): Promise<void>;
}

const plurals: Readonly<Record<string, string>> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Deployment: 'deployments',
  PriorityClass: 'priorityclasses',
};

export function admissionFixture(): AdmissionFixture {
  const store = SqliteStore.open({ path: ':memory:' });
  const deps: { store: SqliteStore; now: () => Date; admission: Admission } = {
    store,
    now: () => new Date(),
    admission: admitAll,
  };
  const registry = new Registry(deps);
  const abort = new AbortController();
  const storeOf = (plural: string, group = ''): ResourceStore => {
    const rs = registry.preferred(group, plural);
    if (rs === undefined) throw new Error(`${group}/${plural} not registered`);
    return rs;
  };
  return {
    registry,
    signal: abort.signal,
    ctx: (name = 'root') => clusterContext(cluster(name), abort.signal, 'test'),
    use(mutating, validating) {
      deps.admission = new AdmissionChain(mutating, validating);
    },
    store: storeOf,
    create(ctx, obj, options = {}) {
      const plural = plurals[obj.kind ?? ''];
      if (plural === undefined) throw new Error(`no plural for ${obj.kind}`);
      return storeOf(plural, options.group).create(ctx, obj.metadata.namespace ?? '', obj, {
        dryRun: options.dryRun ?? false,
      });
    },
    get: (ctx, plural, namespace, name) => storeOf(plural).get(ctx, namespace, name),
    async remove(ctx, plural, namespace, name) {
      await deleteObject(storeOf(plural), ctx, namespace, name, { dryRun: false });
    },
    async close() {
      abort.abort();
      await store.close();
    },
  };
}

/** Asserts that `action` fails with a StatusError of that reason and message. */
export async function rejectsWithStatus(
  action: Promise<unknown>,
  reason: StatusError['reason'],
  message: string,
): Promise<StatusError> {
  try {
    await action;
  } catch (error) {
    assert.ok(isStatusError(error), `expected a StatusError, got ${String(error)}`);
    assert.equal(error.status.message, message);
    assert.equal(error.reason, reason);
    return error;
  }
  assert.fail(`expected ${reason}: ${message}, but the call succeeded`);
}

export function namespace(name: string, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(labels === undefined ? {} : { labels }) },
  };
}

export type Container = Record<string, unknown>;

export function container(name: string, extra: Container = {}): Container {
  return { name, image: 'nginx', ...extra };
}

export function pod(namespace: string, name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [container('app')], ...spec },
  };
}

export function resources(requests?: Record<string, string>, limits?: Record<string, string>): Container {
  return {
    resources: {
      ...(requests === undefined ? {} : { requests }),
      ...(limits === undefined ? {} : { limits }),
    },
  };
}
