import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from '../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../machinery/object.js';
import { checkStructural, type JSONSchemaProps } from '../../machinery/structural-schema/index.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../machinery/validation.js';
import { crdOf } from '../custom-resources/crd.js';
import { recordsAt, stringAt } from '../object-fields.js';
import { createdAtColumn, nameColumn } from '../printer-columns.js';
import type { Strategy } from '../strategy.js';

/** Keeps a CRD until its custom resources are deleted (upstream's CRD finalizer). */
export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

function validateNames(crd: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const { group, names, name } = crdOf(crd);
  if (name !== `${names.plural}.${group}`) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: name,
      detail: 'must be spec.names.plural+"."+spec.group',
    });
  }
  if (!group.includes('.')) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.group',
      value: group,
      detail: 'should be a domain with at least one dot',
    });
  } else {
    for (const message of isDNS1123Subdomain(group))
      errors.push({ type: 'FieldValueInvalid', field: 'spec.group', value: group, detail: message });
  }
  const label = (field: string, value: string): void => {
    for (const message of isDNS1035Label(value))
      errors.push({ type: 'FieldValueInvalid', field, value, detail: message });
  };
  if (names.plural === '')
    errors.push({ type: 'FieldValueRequired', field: 'spec.names.plural', detail: '' });
  else label('spec.names.plural', names.plural);
  label('spec.names.singular', names.singular);
  if (names.kind === '') errors.push({ type: 'FieldValueRequired', field: 'spec.names.kind', detail: '' });
  names.shortNames.forEach((short, i) => label(`spec.names.shortNames[${i}]`, short));
  return errors;
}

function validateVersions(crd: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const scope = stringAt(crd, 'spec.scope');
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      value: scope,
      detail: 'supported values: "Cluster", "Namespaced"',
    });
  }
  const versions = recordsAt(crd, 'spec.versions');
  if (versions.length === 0)
    errors.push({
      type: 'FieldValueRequired',
      field: 'spec.versions',
      detail: 'must have exactly one version marked as storage version',
    });
  const storage = versions.filter((v) => v.storage === true).length;
  if (versions.length > 0 && storage !== 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      value: versions,
      detail: 'must have exactly one version marked as storage version',
    });
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const name = typeof v.name === 'string' ? v.name : '';
    if (seen.has(name))
      errors.push({ type: 'FieldValueDuplicate', field: `spec.versions[${i}].name`, value: name });
    seen.add(name);
    if (!isRecord(v.schema) || !isRecord(v.schema.openAPIV3Schema)) {
      errors.push({
        type: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        detail: 'schemas are required',
      });
    }
  });
  return errors;
}

/** A version's openAPIV3Schema, when it has one. */
function schemaOf(version: Record<string, unknown>): Record<string, unknown> | undefined {
  return isRecord(version.schema) && isRecord(version.schema.openAPIV3Schema)
    ? version.schema.openAPIV3Schema
    : undefined;
}

/**
 * Each version's openAPIV3Schema must be structural, with valid defaults and CEL rules within their cost
 * limits (upstream validateCustomResourceDefinitionValidation). On update a version whose schema is
 * unchanged is not checked again (upstream ratchets what was already accepted).
 */
function validateSchemas(crd: KubeObject, old?: KubeObject): FieldError[] {
  const previous = new Map(
    (old === undefined ? [] : recordsAt(old, 'spec.versions')).map((v) => [v.name, schemaOf(v)]),
  );
  return recordsAt(crd, 'spec.versions').flatMap((version, i) => {
    const schema = schemaOf(version);
    if (schema === undefined) return [];
    const before = previous.get(version.name);
    if (before !== undefined && isDeepStrictEqual(before, schema)) return [];
    const statusSubresource = isRecord(version.subresources) && isRecord(version.subresources.status);
    // The CRD was decoded against the apiextensions schema, so its openAPIV3Schema has JSONSchemaProps' shape.
    return checkStructural(schema as JSONSchemaProps, `spec.versions[${i}].schema.openAPIV3Schema`, {
      statusSubresource,
    });
  });
}

/**
 * CustomResourceDefinitions (upstream apiextensions strategy): names must agree (`<plural>.<group>`),
 * exactly one storage version, a structural schema per version; group, names and scope are fixed once created;
 * a new CRD carries the cleanup finalizer so its custom resources go before it.
 */
export const crdStrategy: Strategy = {
  prepareForCreate(_ctx, crd) {
    crd.metadata.finalizers = [...new Set([...(crd.metadata.finalizers ?? []), crdCleanupFinalizer])];
    crd.status = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
  },
  validate: (_ctx, crd) => [...validateNames(crd), ...validateVersions(crd), ...validateSchemas(crd)],
  validateUpdate(_ctx, crd, old) {
    const errors = [...validateNames(crd), ...validateVersions(crd), ...validateSchemas(crd, old)];
    for (const field of ['spec.group', 'spec.scope', 'spec.names.plural'] as const) {
      if (stringAt(crd, field) !== stringAt(old, field)) {
        errors.push({
          type: 'FieldValueInvalid',
          field,
          value: stringAt(crd, field),
          detail: 'field is immutable',
        });
      }
    }
    return errors;
  },
  // Upstream has no CRD printer: the default Name / Created At columns.
  columns: [nameColumn, createdAtColumn],
};
