import { allVerbs, type ResourceDefinition, type SubresourceDefinition } from '../../api/types.js';
import { evaluateJsonPath } from '../../machinery/jsonpath.js';
import type { KubeObject } from '../../machinery/object.js';
import type { TableColumn } from '../../machinery/table.js';
import { humanDuration } from '../age.js';
import { ageColumn, nameColumn } from '../printer-columns.js';
import type { CustomResource } from '../registry.js';
import type { Strategy } from '../strategy.js';
import type { Crd, CrdVersion, PrinterColumn } from './crd.js';
import { readNormalizer, schemaHooks } from './schema-hooks.js';

const getPatchUpdate = ['get', 'patch', 'update'] as const;

/** A printer column's cell as upstream's CRD table convertor renders it (dates as ages). */
function cellOf(column: PrinterColumn, obj: KubeObject, now: number): string | number | boolean {
  const value = evaluateJsonPath(obj, column.jsonPath)[0];
  if (value === undefined || value === null) return '<none>';
  if (column.type === 'date') {
    const at = Date.parse(String(value));
    return Number.isNaN(at) ? '<invalid>' : humanDuration(now - at);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : String(value);
}

function columnsOf(version: CrdVersion): TableColumn[] | undefined {
  if (version.printerColumns.length === 0) return undefined;
  const custom = version.printerColumns.map((c) => ({
    name: c.name,
    type: c.type,
    ...(c.format === undefined ? {} : { format: c.format }),
    description: c.description ?? '',
    priority: c.priority,
    cell: (obj: KubeObject, now: number) => cellOf(c, obj, now),
  }));
  // Upstream appends Age unless the CRD already prints creationTimestamp.
  const hasAge = version.printerColumns.some((c) => c.jsonPath === '.metadata.creationTimestamp');
  return [nameColumn, ...custom, ...(hasAge ? [] : [ageColumn])];
}

/**
 * A custom resource's strategy with two additions the generic Strategy does not (yet) declare, proposed for
 * it: the version's openAPIV3Schema, which server/openapi publishes (read through this property), and
 * `prepareForRead`, the pruning and defaulting of objects decoded from storage (upstream defaults on read).
 */
export interface CustomResourceStrategy extends Strategy {
  readonly openApiSchema?: Readonly<Record<string, unknown>>;
  /** Runs on every object decoded from storage before it is served or updated; mutates that copy. */
  prepareForRead?(obj: KubeObject): void;
}

function strategyOf(version: CrdVersion, storage: CrdVersion | undefined): CustomResourceStrategy {
  const columns = columnsOf(version);
  return {
    tracksGeneration: true,
    ...(version.schema === undefined
      ? {}
      : { ...schemaHooks(version.schema), openApiSchema: version.schema }),
    ...(storage?.schema === undefined ? {} : { prepareForRead: readNormalizer(storage.schema) }),
    ...(version.scale === undefined ? {} : { scale: version.scale }),
    ...(columns === undefined ? {} : { columns }),
  };
}

function definitionOf(crd: Crd, version: CrdVersion): ResourceDefinition {
  const owner = { group: crd.group, version: version.name, kind: crd.names.kind };
  const subresources: SubresourceDefinition[] = [];
  if (version.scale !== undefined) {
    subresources.push({
      name: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: getPatchUpdate,
    });
  }
  if (version.statusSubresource)
    subresources.push({ name: 'status', responseKind: owner, verbs: getPatchUpdate });
  return {
    group: crd.group,
    version: version.name,
    kind: crd.names.kind,
    plural: crd.names.plural,
    singular: crd.names.singular,
    namespaced: crd.namespaced,
    shortNames: crd.names.shortNames,
    categories: crd.names.categories,
    verbs: allVerbs,
    subresources,
    custom: true,
  };
}

/** The resources a CRD serves: one per served version, sharing storage (conversion strategy None). */
export function customResourcesOf(crd: Crd): CustomResource[] {
  const storage = crd.versions.find((v) => v.storage);
  return crd.versions
    .filter((v) => v.served)
    .map((version) => ({ def: definitionOf(crd, version), strategy: strategyOf(version, storage) }));
}
