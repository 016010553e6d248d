import { allVerbs, type ResourceDefinition, type SubresourceDefinition } from '../../api/types.js';
import { evaluateJsonPath } from '../../machinery/jsonpath.js';
import type { KubeObject } from '../../machinery/object.js';
import type { TableColumn } from '../../machinery/table.js';
import { humanDuration } from '../age.js';
import { ageColumn, nameColumn } from '../printer-columns.js';
import type { CustomResource } from '../registry.js';
import type { Strategy } from '../strategy.js';
import type { Crd, CrdVersion, PrinterColumn } from './crd.js';
import { schemaHooks } from './schema-hooks.js';

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
 * A custom resource's strategy, which also carries its version's openAPIV3Schema for the OpenAPI documents
 * (upstream builds them from the CRD; read by server/openapi through this property).
 */
export interface CustomResourceStrategy extends Strategy {
  readonly openApiSchema?: Readonly<Record<string, unknown>>;
}

function strategyOf(version: CrdVersion): CustomResourceStrategy {
  const columns = columnsOf(version);
  return {
    tracksGeneration: true,
    ...(version.schema === undefined
      ? {}
      : { ...schemaHooks(version.schema), openApiSchema: version.schema }),
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
  return crd.versions
    .filter((v) => v.served)
    .map((version) => ({ def: definitionOf(crd, version), strategy: strategyOf(version) }));
}
