/** Shared set-up for the ServiceAccount token tests: a key, a token service and a registry over SQLite in memory. */
import { generateKeyPairSync } from 'node:crypto';
import { ServiceAccountTokens, type TokenOptions } from '../../../src/auth/service-account-tokens.js';
import { parseClusterName, type ClusterName, type RequestContext } from '../../../src/machinery/context.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import {
  admitAll,
  clusterContext,
  deleteObject,
  Registry,
  type ResourceStore,
} from '../../../src/registry/index.js';
import { SqliteStore } from '../../../src/storage/index.js';

export const ecKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

export function cluster(name: string): ClusterName {
  const parsed = parseClusterName(name);
  if (parsed === undefined) throw new Error(`bad cluster name ${name}`);
  return parsed;
}

/** A clock tests move by hand. */
export class ManualClock {
  constructor(private current = new Date('2025-01-01T00:00:00Z')) {}
  now = (): Date => this.current;
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export function tokenService(options: Partial<TokenOptions> = {}): ServiceAccountTokens {
  return new ServiceAccountTokens({ privateKey: ecKey, ...options });
}

export interface RegistryFixture {
  readonly registry: Registry;
  readonly ctxIn: (cluster: ClusterName) => RequestContext;
  create(ctx: RequestContext, plural: string, obj: KubeObject): Promise<KubeObject>;
  remove(ctx: RequestContext, plural: string, namespace: string, name: string): Promise<void>;
  close(): Promise<void>;
}

function storeOf(registry: Registry, plural: string): ResourceStore {
  const rs = registry.preferred('', plural);
  if (rs === undefined) throw new Error(`${plural} not registered`);
  return rs;
}

/** A registry without admission over an in-memory store; objects are written as the system would. */
export function registryFixture(): RegistryFixture {
  const store = SqliteStore.open({ path: ':memory:' });
  const registry = new Registry({ store, admission: admitAll, now: () => new Date() });
  const abort = new AbortController();
  return {
    registry,
    ctxIn: (name) => clusterContext(name, abort.signal, 'test'),
    create: (ctx, plural, obj) =>
      storeOf(registry, plural).create(ctx, obj.metadata.namespace ?? '', obj, { dryRun: false }),
    async remove(ctx, plural, namespace, name) {
      await deleteObject(storeOf(registry, plural), ctx, namespace, name, { dryRun: false });
    },
    async close() {
      abort.abort();
      await store.close();
    },
  };
}

export function serviceAccount(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

export function pod(namespace: string, name: string, serviceAccountName: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { serviceAccountName, containers: [{ name: 'app', image: 'nginx' }] },
  };
}
