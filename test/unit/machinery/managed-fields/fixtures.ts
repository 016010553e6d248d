// Shared inputs of the server-side apply tests: a Deployment applied by several managers, and the options
// the API server would pass for apps/v1 deployments in namespace `default`.
import assert from 'node:assert/strict';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import { isStatusError, type Status } from '../../../../src/machinery/errors.js';
import {
  applyPatch,
  type ApplyOptions,
  type ApplyResult,
} from '../../../../src/machinery/managed-fields/index.js';
import type { KubeObject } from '../../../../src/machinery/object.js';

export type Json = Record<string, unknown>;

export function typeOf(group: string, version: string, kind: string): string {
  const schema = schemaRegistry.kindSchema(group, version, kind);
  assert.ok(schema !== undefined, `${group}/${version} ${kind} is registered`);
  return schema.type;
}

export const t0 = '2025-03-01T10:00:00Z';
export const t1 = '2025-03-01T10:00:01Z';
export const t2 = '2025-03-01T10:00:02Z';

/** Options for apps/v1 Deployment `web` in `default`, as the registry passes them. */
export function deploymentOptions(overrides: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    force: false,
    now: t0,
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    typeName: typeOf('apps', 'v1', 'Deployment'),
    resetFields: [['status']],
    target: { group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' },
    ...overrides,
  };
}

export interface DeploymentShape {
  replicas?: number;
  labels?: Record<string, string>;
  containers?: Json[];
}

/** The manifest a user applies: `web` with one nginx container unless told otherwise. */
export function deployment(shape: DeploymentShape = {}): KubeObject {
  const spec: Json = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: shape.containers ?? [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  };
  if (shape.replicas !== undefined) spec.replicas = shape.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...(shape.labels === undefined ? {} : { labels: shape.labels }) },
    spec,
  };
}

/** What storage adds to a created object (the tests' stand-in for the registry). */
export function stored(obj: KubeObject): KubeObject {
  return {
    ...obj,
    metadata: { ...obj.metadata, namespace: 'default', uid: 'uid-web', resourceVersion: '7' },
  };
}

export interface EntrySummary {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  subresource?: string;
}

/** The managedFields entries without their field sets. */
export function entries(obj: KubeObject): EntrySummary[] {
  const list = obj.metadata.managedFields ?? [];
  return list.map((e) => {
    assert.ok(typeof e === 'object' && e !== null);
    const { fieldsV1: _fields, fieldsType: _type, ...rest } = e as Json;
    return rest as unknown as EntrySummary;
  });
}

/** The fieldsV1 of `manager`'s entry (the first with that manager). */
export function fieldsOf(obj: KubeObject, manager: string, operation = 'Apply'): unknown {
  const entry = (obj.metadata.managedFields ?? []).find(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      (e as Json).manager === manager &&
      (e as Json).operation === operation,
  );
  assert.ok(entry !== undefined, `an ${operation} entry of ${manager}`);
  return (entry as Json).fieldsV1;
}

export function spec(obj: KubeObject): Json {
  assert.ok(typeof obj.spec === 'object' && obj.spec !== null);
  return obj.spec as Json;
}

export function containers(obj: KubeObject): Json[] {
  const template = spec(obj).template as Json;
  return (template.spec as Json).containers as Json[];
}

/** Applies `config` by `manager` as the API server would for deployment `web`. */
export function applied(
  live: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  now = t0,
  force = false,
): ApplyResult {
  return applyPatch(live, config, manager, deploymentOptions({ now, force }));
}

/** Applies and returns the object as storage would keep it. */
export function applyStored(
  live: KubeObject | undefined,
  config: KubeObject,
  manager: string,
  now = t0,
): KubeObject {
  return stored(applied(live, config, manager, now).object);
}

/** The Status of the Conflict `fn` throws. */
export function conflictOf(fn: () => unknown): Status {
  try {
    fn();
  } catch (error) {
    assert.ok(isStatusError(error, 'Conflict'), `expected a Conflict, got ${String(error)}`);
    return error.status;
  }
  assert.fail('expected a Conflict');
}
