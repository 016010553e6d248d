import type { FieldError } from '../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { setDefault, sizeAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';
import { invalid, key, required, tooLong, validateImmutable } from '../validation/field-errors.js';
import {
  dataEntries,
  maxDataBytes,
  validateDataKeys,
  validateImmutableData,
  valueBytes,
} from './config-data.js';

/**
 * stringData is write-only convenience: its entries are merged into data (base64) and it is dropped, as
 * upstream's v1 → internal conversion does, so it is never stored or returned.
 */
function mergeStringData(secret: KubeObject): void {
  const stringData = secret['stringData'];
  delete secret['stringData'];
  if (!isRecord(stringData)) return;
  const data = isRecord(secret['data']) ? { ...secret['data'] } : {};
  for (const [name, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[name] = Buffer.from(value, 'utf8').toString('base64');
  }
  secret['data'] = data;
}

/** What Go's json.Unmarshal into a map reports for `text`, or undefined when it is a JSON object. */
function jsonObjectError(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'unexpected end of JSON input';
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const first = trimmed[0] ?? '';
    return /[[{"\-0-9tfn]/.test(first)
      ? 'unexpected end of JSON input'
      : `invalid character '${first}' looking for beginning of value`;
  }
  if (isRecord(value) || value === null) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** Upstream ValidateSecret's rules per secret type: the keys each type must hold. */
function validateSecretType(secret: KubeObject, data: Map<string, string>): FieldError[] {
  const dataKey = (name: string): string => key('data', name);
  const decoded = (name: string): string => Buffer.from(data.get(name) ?? '', 'base64').toString('utf8');
  switch (stringAt(secret, 'type')) {
    case 'kubernetes.io/service-account-token':
      return (secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '') === ''
        ? [required('metadata.annotations[kubernetes.io/service-account.name]')]
        : [];
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const name =
        stringAt(secret, 'type') === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!data.has(name)) return [required(dataKey(name))];
      const problem = jsonObjectError(decoded(name));
      return problem === undefined ? [] : [invalid(dataKey(name), '<secret contents redacted>', problem)];
    }
    case 'kubernetes.io/basic-auth':
      return data.has('username') || data.has('password')
        ? []
        : [required(dataKey('username')), required(dataKey('password'))];
    case 'kubernetes.io/ssh-auth':
      return decoded('ssh-privatekey') === '' ? [required(dataKey('ssh-privatekey'))] : [];
    case 'kubernetes.io/tls':
      return ['tls.crt', 'tls.key'].filter((name) => !data.has(name)).map((name) => required(dataKey(name)));
    default:
      return [];
  }
}

/** Upstream ValidateSecret: valid keys, at most 1 MiB of decoded values, the keys the type requires. */
function validateSecret(secret: KubeObject): FieldError[] {
  const errors = validateDataKeys(secret, 'data');
  const entries = dataEntries(secret, 'data');
  const total = entries.reduce((sum, [, value]) => sum + valueBytes(value, true), 0);
  if (total > maxDataBytes) errors.push(tooLong('data', maxDataBytes));
  errors.push(...validateSecretType(secret, new Map(entries)));
  return errors;
}

/**
 * Secrets: type defaults to Opaque (SetDefaults_Secret), stringData folds into data, upstream validation
 * with an immutable type and `immutable`; field selector `type`; columns from printSecret.
 */
export const secretStrategy: Strategy = {
  prepareForCreate(_ctx, secret) {
    mergeStringData(secret);
    setDefault(secret, 'type', 'Opaque');
  },
  prepareForUpdate(_ctx, secret) {
    mergeStringData(secret);
    setDefault(secret, 'type', 'Opaque');
  },
  validate: (_ctx, secret) => validateSecret(secret),
  validateUpdate: (_ctx, secret, old) => [
    ...validateImmutable(secret['type'], old['type'] ?? 'Opaque', 'type'),
    ...validateImmutableData(secret, old, ['data']),
    ...validateSecret(secret),
  ],
  selectableFields: {
    type: (secret) => stringAt(secret, 'type'),
  },
  columns: [
    nameColumn,
    column('Type', 'Kind of secret, which fixes the keys it must hold.', (secret) =>
      stringAt(secret, 'type'),
    ),
    column('Data', 'Number of keys in data.', (secret) => sizeAt(secret, 'data')),
    ageColumn,
  ],
};
