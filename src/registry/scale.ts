import type { RequestContext } from '../machinery/context.js';
import { badRequest, conflict, invalid, optimisticLockMessage } from '../machinery/errors.js';
import { evaluateJsonPath } from '../machinery/jsonpath.js';
import { formatLabelSelectorObject } from '../machinery/label-selector.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { ResourceStore, WriteOptions } from './resource-store.js';
import type { ScalePaths } from './strategy.js';

/** Built-in kinds with a scale subresource; their selector is a metav1.LabelSelector at spec.selector. */
const builtinScale: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
};

function pathsOf(rs: ResourceStore): ScalePaths {
  return rs.strategy.scale ?? builtinScale;
}

function readPath(obj: KubeObject, path: string): unknown {
  return evaluateJsonPath(obj, path)[0];
}

/** Writes `value` at a `.a.b.c` path, creating objects on the way (for spec replicas). */
function writePath(obj: KubeObject, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let current: Record<string, unknown> = obj;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!isRecord(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] ?? ''] = value;
}

function selectorOf(rs: ResourceStore, obj: KubeObject): string {
  const paths = pathsOf(rs);
  if (paths.labelSelectorPath !== undefined) {
    const value = readPath(obj, paths.labelSelectorPath);
    return typeof value === 'string' ? value : '';
  }
  const selector = isRecord(obj.spec) ? obj.spec.selector : undefined;
  if (!isRecord(selector)) return '';
  const text = formatLabelSelectorObject(selector);
  return text === '<none>' ? '' : text;
}

/** The autoscaling/v1 Scale view of an object (upstream scale subresource). */
export function scaleOf(rs: ResourceStore, obj: KubeObject): KubeObject {
  const paths = pathsOf(rs);
  const specReplicas = readPath(obj, paths.specReplicasPath);
  const statusReplicas = readPath(obj, paths.statusReplicasPath);
  const selector = selectorOf(rs, obj);
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata.name ?? '',
      ...(obj.metadata.namespace === undefined ? {} : { namespace: obj.metadata.namespace }),
      uid: obj.metadata.uid ?? '',
      resourceVersion: obj.metadata.resourceVersion ?? '',
      creationTimestamp: obj.metadata.creationTimestamp ?? '',
    },
    spec: typeof specReplicas === 'number' ? { replicas: specReplicas } : {},
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      ...(selector === '' ? {} : { selector }),
    },
  };
}

export async function getScale(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
): Promise<KubeObject> {
  return scaleOf(rs, await rs.get(ctx, namespace, name));
}

/**
 * Writes a Scale back: `change` turns the current Scale into the desired one (a PUT body, or a patch applied
 * to the Scale), and its spec.replicas lands at the owner's spec replicas path. A resourceVersion in the
 * desired Scale is a precondition.
 */
export async function updateScale(
  rs: ResourceStore,
  ctx: RequestContext,
  namespace: string,
  name: string,
  options: WriteOptions,
  change: (scale: KubeObject) => KubeObject,
): Promise<KubeObject> {
  let precondition = '';
  const updated = await rs.guaranteedUpdate(
    ctx,
    namespace,
    name,
    { ...options, subresource: '', managedFieldsSubresource: 'scale' },
    '',
    (current) => {
      const desired = change(scaleOf(rs, current));
      if (!isRecord(desired.spec)) throw badRequest('Scale has no spec');
      const replicas = desired.spec.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw invalid('autoscaling', 'Scale', name, [
          {
            type: 'FieldValueInvalid',
            field: 'spec.replicas',
            value: replicas,
            detail: 'must be greater than or equal to 0',
          },
        ]);
      }
      precondition = desired.metadata.resourceVersion ?? '';
      if (precondition !== '' && precondition !== current.metadata.resourceVersion) {
        throw conflict(rs.gr, name, optimisticLockMessage);
      }
      writePath(current, pathsOf(rs).specReplicasPath, replicas);
      return current;
    },
  );
  return scaleOf(rs, updated);
}
