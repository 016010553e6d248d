/**
 * `metadata.managedFields` as stored and served (apimachinery pkg/util/managedfields/internal
 * managedfields.go, buildmanagerinfo.go, capmanagers.go, stripmeta.go): one entry per manager, operation,
 * API version (Update only) and subresource, decoded into field sets keyed by a manager identifier.
 */
import { isRecord } from '../object.js';
import { FieldSet } from './fieldset.js';
import { fieldElement, PathElementError, type Path } from './path.js';
import type { VersionedSet } from './updater.js';

export type ManagedFieldsOperation = 'Apply' | 'Update';

/** metav1.ManagedFieldsEntry, with its JSON field order. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: ManagedFieldsOperation;
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Decoded managedFields: field sets and entry times by manager identifier. */
export interface Managed {
  readonly fields: ReadonlyMap<string, VersionedSet>;
  readonly times: ReadonlyMap<string, string>;
}

export const emptyManaged: Managed = { fields: new Map(), times: new Map() };

/** A managedFields list that cannot be decoded (upstream DecodeManagedFields errors). */
export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

interface ManagerInfo {
  readonly manager: string;
  readonly operation: ManagedFieldsOperation;
  readonly apiVersion: string;
  readonly subresource: string;
}

/**
 * Upstream BuildManagerIdentifier: the entry without fields and time, as JSON in the Go field order; Apply
 * entries leave out the API version, so an applier keeps one entry across versions.
 */
export function managerIdentifier(info: ManagerInfo): string {
  const id: Record<string, string> = {};
  if (info.manager !== '') id.manager = info.manager;
  id.operation = info.operation;
  if (info.operation === 'Update' && info.apiVersion !== '') id.apiVersion = info.apiVersion;
  if (info.subresource !== '') id.subresource = info.subresource;
  return JSON.stringify(id);
}

/** The parts of an identifier; identifiers are always built by managerIdentifier. */
export function parseManagerIdentifier(id: string): ManagerInfo {
  const parsed: unknown = JSON.parse(id);
  const value = (key: string): string =>
    isRecord(parsed) && typeof parsed[key] === 'string' ? parsed[key] : '';
  return {
    manager: value('manager'),
    operation: value('operation') === 'Apply' ? 'Apply' : 'Update',
    apiVersion: value('apiVersion'),
    subresource: value('subresource'),
  };
}

function stringField(entry: Record<string, unknown>, key: string): string {
  const value = entry[key];
  return typeof value === 'string' ? value : '';
}

/** Upstream DecodeManagedFields; throws ManagedFieldsError for an entry it would reject. */
export function decodeManagedFields(entries: unknown): Managed {
  if (entries === undefined || entries === null) return emptyManaged;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('managedFields must be a list');
  const fields = new Map<string, VersionedSet>();
  const times = new Map<string, string>();
  entries.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) throw new ManagedFieldsError(`managed fields entry ${i} must be an object`);
    const operation = entry.operation;
    if (operation !== 'Apply' && operation !== 'Update') {
      throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    }
    const apiVersion = stringField(entry, 'apiVersion');
    if (apiVersion === '') throw new ManagedFieldsError('apiVersion must not be empty');
    const fieldsType = stringField(entry, 'fieldsType');
    if (fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') {
      throw new ManagedFieldsError(`invalid fieldsType "${fieldsType}" in managed fields entry ${i}`);
    }
    const id = managerIdentifier({
      manager: stringField(entry, 'manager'),
      operation,
      apiVersion,
      subresource: stringField(entry, 'subresource'),
    });
    let set: FieldSet;
    try {
      set =
        entry.fieldsV1 === undefined || entry.fieldsV1 === null
          ? new FieldSet()
          : FieldSet.fromFieldsV1(entry.fieldsV1);
    } catch (error) {
      if (!(error instanceof PathElementError)) throw error;
      throw new ManagedFieldsError(`error decoding set: ${error.message}`, { cause: error });
    }
    fields.set(id, { set, apiVersion, applied: operation === 'Apply' });
    const time = stringField(entry, 'time');
    if (time === '') times.delete(id);
    else times.set(id, time);
  });
  return { fields, times };
}

/**
 * Upstream isResetManagedFields: an empty list, or a list of one empty entry, asks to stop tracking (a body
 * without managedFields keeps the live ones).
 */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  const [only] = entries;
  return (
    entries.length === 1 &&
    isRecord(only) &&
    Object.values(only).every((v) => v === undefined || v === null || v === '')
  );
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Upstream encodeManagedFields: entries sorted by operation, time, manager, API version and subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, versioned] of managed.fields) {
    const info = parseManagerIdentifier(id);
    const entry: ManagedFieldsEntry = {};
    if (info.manager !== '') entry.manager = info.manager;
    entry.operation = versioned.applied ? 'Apply' : info.operation;
    entry.apiVersion = versioned.apiVersion;
    const time = managed.times.get(id);
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = versioned.set.toFieldsV1();
    if (info.subresource !== '') entry.subresource = info.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  const byString = (a: string | undefined, b: string | undefined): number =>
    (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
  return (
    byString(p.operation, q.operation) ||
    seconds(p.time) - seconds(q.time) ||
    byString(p.manager, q.manager) ||
    byString(p.apiVersion, q.apiVersion) ||
    byString(p.subresource, q.subresource)
  );
}

const stripPaths: readonly Path[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['metadata', 'uid'],
  ['metadata', 'clusterName'],
  ['metadata', 'generation'],
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
].map((names) => names.map(fieldElement));

/** Fields nobody owns: type and identity metadata the server sets (upstream stripMetaManager). */
const strippedFields = FieldSet.of(...stripPaths);

/** The managers with `id`'s set stripped of server-set metadata; the entry goes if nothing remains. */
export function stripMeta(fields: ReadonlyMap<string, VersionedSet>, id: string): Map<string, VersionedSet> {
  const result = new Map(fields);
  const entry = result.get(id);
  if (entry === undefined) return result;
  const set = entry.set.difference(strippedFields);
  if (set.isEmpty()) result.delete(id);
  else result.set(id, { ...entry, set });
  return result;
}

/** Upstream DefaultMaxUpdateManagers. */
const maxUpdateManagers = 10;
const oldUpdatesManager = 'ancient-changes';

/**
 * Upstream capManagersManager: with more than ten Update entries, the oldest are merged, per API version,
 * into an `ancient-changes` entry until ten remain.
 */
export function capUpdateManagers(managed: Managed): Managed {
  const updaters = [...managed.fields].filter(([, v]) => !v.applied).map(([id]) => id);
  if (updaters.length <= maxUpdateManagers) return managed;
  const fields = new Map(managed.fields);
  const times = new Map(managed.times);
  updaters.sort((a, b) => seconds(times.get(a)) - seconds(times.get(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const id of updaters) {
    if (length <= maxUpdateManagers) break;
    const entry = fields.get(id);
    if (entry === undefined) continue;
    const version = entry.apiVersion;
    const bucket = managerIdentifier({
      manager: oldUpdatesManager,
      operation: 'Update',
      apiVersion: version,
      subresource: '',
    });
    const first = firstByVersion.get(version);
    if (first === undefined) {
      firstByVersion.set(version, id);
      continue;
    }
    if (!fields.has(bucket)) {
      const firstEntry = fields.get(first);
      fields.delete(first);
      if (firstEntry !== undefined) fields.set(bucket, firstEntry);
    }
    const bucketSet = fields.get(bucket)?.set;
    fields.set(bucket, { ...entry, set: bucketSet === undefined ? entry.set : entry.set.union(bucketSet) });
    fields.delete(id);
    length--;
    const time = times.get(id);
    if (time === undefined) times.delete(bucket);
    else times.set(bucket, time);
  }
  return { fields, times };
}
