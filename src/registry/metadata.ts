import { randomUUID } from 'node:crypto';
import type { FieldError } from '../machinery/errors.js';
import type { KubeObject, ObjectMeta } from '../machinery/object.js';
import {
  isDNS1123Subdomain,
  isValidPathSegmentName,
  validateAnnotations,
  validateLabels,
} from '../machinery/validation.js';

/** Upstream names.SimpleNameGenerator: prefix (max 58 chars) + 5 characters from a vowel-free alphabet. */
const generatedAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
const maxGeneratedPrefix = 58;

export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++)
    suffix += generatedAlphabet[Math.floor(Math.random() * generatedAlphabet.length)];
  return prefix.slice(0, maxGeneratedPrefix) + suffix;
}

/** Server-owned metadata on create (upstream rest.FillObjectMetaSystemFields and BeforeCreate). */
export function fillCreateMetadata(meta: ObjectMeta, now: Date, tracksGeneration: boolean): void {
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (tracksGeneration) meta.generation = 1;
  else delete meta.generation;
}

/** Seconds-precision RFC 3339 in UTC, as metav1.Time serializes. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Upstream ValidateObjectMeta: name (with the kind's name rule), namespace presence, labels, annotations. */
export function validateObjectMeta(
  meta: ObjectMeta,
  namespaced: boolean,
  nameRule: (name: string) => string[] = isDNS1123Subdomain,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = meta.name ?? '';
  if (name === '') {
    errors.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      detail: 'name or generateName is required',
    });
  } else {
    for (const message of [...nameRule(name), ...isValidPathSegmentName(name)]) {
      errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: message });
    }
  }
  const namespace = meta.namespace ?? '';
  if (namespaced && namespace === '') {
    errors.push({ type: 'FieldValueRequired', field: 'metadata.namespace', detail: '' });
  } else if (!namespaced && namespace !== '') {
    errors.push({
      type: 'FieldValueForbidden',
      field: 'metadata.namespace',
      detail: 'not allowed on this type',
    });
  }
  errors.push(...validateLabels(meta.labels ?? {}, 'metadata.labels'));
  errors.push(...validateAnnotations(meta.annotations ?? {}, 'metadata.annotations'));
  return errors;
}

/** Upstream ValidateObjectMetaUpdate: fields fixed at creation, and finalizer rules during deletion. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errors: FieldError[] = [];
  const immutable = (field: keyof ObjectMeta): void => {
    if (meta[field] !== old[field]) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `metadata.${String(field)}`,
        value: meta[field],
        detail: 'field is immutable',
      });
    }
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  immutable('creationTimestamp');
  if (old.deletionTimestamp !== undefined) {
    const previous = new Set(old.finalizers ?? []);
    const added = (meta.finalizers ?? []).filter((f) => !previous.has(f));
    if (added.length > 0) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
          .map((f) => JSON.stringify(f))
          .join(', ')}}`,
      });
    }
  }
  return errors;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
export function specChanged(obj: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(obj) !== strip(old);
}

/** Empty maps and lists in metadata are omitted, as Go's `omitempty` serializes them upstream. */
export function dropEmptyMetadata(meta: ObjectMeta): void {
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'] as const) {
    const value = meta[field];
    if (value !== undefined && Object.keys(value).length === 0) delete meta[field];
  }
}
