import { isRecord, type KubeObject } from '../../machinery/object.js';

/** One version of a CRD as the server uses it. */
export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema?: Record<string, unknown>;
  readonly statusSubresource: boolean;
  readonly scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  readonly printerColumns: readonly PrinterColumn[];
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format?: string;
  readonly description?: string;
  readonly priority: number;
  readonly jsonPath: string;
}

export interface CrdNames {
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly listKind: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

/** The parts of a CustomResourceDefinition the server acts on, decoded from its JSON. */
export interface Crd {
  readonly name: string;
  readonly group: string;
  readonly namespaced: boolean;
  readonly names: CrdNames;
  readonly versions: readonly CrdVersion[];
}

const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const columnTypes = new Set(['string', 'integer', 'number', 'boolean', 'date']);

function printerColumns(value: unknown): PrinterColumn[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).map((c) => ({
    name: text(c.name),
    type: (columnTypes.has(text(c.type)) ? text(c.type) : 'string') as PrinterColumn['type'],
    ...(typeof c.format === 'string' ? { format: c.format } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
    priority: typeof c.priority === 'number' ? c.priority : 0,
    jsonPath: text(c.jsonPath),
  }));
}

function version(value: Record<string, unknown>): CrdVersion {
  const subresources = record(value.subresources);
  const scale = isRecord(subresources.scale) ? subresources.scale : undefined;
  const schema = record(value.schema).openAPIV3Schema;
  return {
    name: text(value.name),
    served: value.served === true,
    storage: value.storage === true,
    ...(isRecord(schema) ? { schema } : {}),
    statusSubresource: isRecord(subresources.status),
    ...(scale === undefined
      ? {}
      : {
          scale: {
            specReplicasPath: text(scale.specReplicasPath),
            statusReplicasPath: text(scale.statusReplicasPath),
            ...(typeof scale.labelSelectorPath === 'string'
              ? { labelSelectorPath: scale.labelSelectorPath }
              : {}),
          },
        }),
    printerColumns: printerColumns(value.additionalPrinterColumns),
  };
}

/** Decodes an (already validated) CRD object. */
export function crdOf(obj: KubeObject): Crd {
  const spec = record(obj.spec);
  const names = record(spec.names);
  const kind = text(names.kind);
  return {
    name: obj.metadata.name ?? '',
    group: text(spec.group),
    namespaced: spec.scope === 'Namespaced',
    names: {
      plural: text(names.plural),
      singular: text(names.singular) || kind.toLowerCase(),
      kind,
      listKind: text(names.listKind) || `${kind}List`,
      shortNames: texts(names.shortNames),
      categories: texts(names.categories),
    },
    versions: (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map(version),
  };
}
