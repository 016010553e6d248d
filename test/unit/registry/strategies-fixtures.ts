import { rootCluster } from '../../../src/machinery/context.js';
import type { RequestContext } from '../../../src/machinery/context.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import type { Strategy } from '../../../src/registry/strategy.js';

/** Shared fixtures of the strategy tests: a fixed render time and objects created five minutes before it. */
export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;
export const day = 24 * hour;
export const now = Date.parse('2025-06-01T12:00:00Z');

export function ago(ms: number): string {
  return new Date(now - ms).toISOString();
}

export function object(fields: Record<string, unknown>, metadata: KubeObject['metadata'] = {}): KubeObject {
  return { metadata: { name: 'x', creationTimestamp: ago(5 * minute), ...metadata }, ...fields };
}

export const ctx: RequestContext = {
  cluster: { kind: 'one', name: rootCluster },
  user: { name: 'admin', uid: '', groups: [], extra: {} },
  info: {
    isResourceRequest: true,
    path: '/api/v1/namespaces',
    verb: 'create',
    apiPrefix: 'api',
    apiGroup: '',
    apiVersion: 'v1',
    namespace: '',
    resource: 'namespaces',
    subresource: '',
    name: '',
    parts: ['namespaces'],
  },
  signal: new AbortController().signal,
  warnings: [],
};

export function row(strategy: Strategy, obj: KubeObject): Record<string, unknown> {
  return Object.fromEntries((strategy.columns ?? []).map((c) => [c.name, c.cell(obj, now)]));
}

export function columnNames(group: string, plural: string): string[] {
  return (strategyFor(group, plural).columns ?? []).map((c) => (c.priority > 0 ? `(${c.name})` : c.name));
}
