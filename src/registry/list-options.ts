import { badRequest, invalid, type FieldError } from '../machinery/errors.js';
import { parseFieldSelector, type FieldSelector } from '../machinery/field-selector.js';
import { parseLabelSelector, type LabelSelector } from '../machinery/label-selector.js';

export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

/** Decoded and validated metav1.ListOptions (query parameters of list, watch and deletecollection). */
export interface ListQuery {
  readonly labelSelector: LabelSelector;
  readonly fieldSelector: FieldSelector;
  readonly resourceVersion: string;
  readonly resourceVersionMatch?: ResourceVersionMatch;
  readonly limit: number;
  readonly continueToken: string;
  readonly watch: boolean;
  readonly allowWatchBookmarks: boolean;
  readonly sendInitialEvents?: boolean;
  readonly timeoutSeconds?: number;
}

function parseBool(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False', ''].includes(value)) return false;
  throw badRequest(`invalid boolean value "${value}"`);
}

function parseNonNegativeInt(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`invalid value "${value}" for ${name}: must be an integer`);
  return Number(value);
}

/** Parses list/watch query parameters and applies upstream's ListOptions validation (422 on ListOptions). */
export function parseListQuery(query: URLSearchParams, verb: string): ListQuery {
  const rvMatch = query.get('resourceVersionMatch') ?? '';
  const parsed: ListQuery = {
    labelSelector: parseLabelSelector(query.get('labelSelector') ?? ''),
    fieldSelector: parseFieldSelector(query.get('fieldSelector') ?? ''),
    resourceVersion: query.get('resourceVersion') ?? '',
    ...(rvMatch === '' ? {} : { resourceVersionMatch: rvMatch as ResourceVersionMatch }),
    limit: parseNonNegativeInt('limit', query.get('limit')) ?? 0,
    continueToken: query.get('continue') ?? '',
    watch: verb === 'watch',
    allowWatchBookmarks: parseBool(query.get('allowWatchBookmarks')) ?? false,
    ...optional('sendInitialEvents', parseBool(query.get('sendInitialEvents'))),
    ...optional('timeoutSeconds', parseNonNegativeInt('timeoutSeconds', query.get('timeoutSeconds'))),
  };
  const errors = validateListQuery(parsed, rvMatch);
  if (errors.length > 0) throw invalid('meta.k8s.io', 'ListOptions', '', errors);
  return parsed;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

const forbiddenField = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  detail,
});

/** Upstream apimachinery/pkg/apis/meta/internalversion/validation ValidateListOptions (list and watch rules). */
function validateListQuery(q: ListQuery, rvMatch: string): FieldError[] {
  if (q.continueToken !== '' && q.resourceVersion !== '' && q.resourceVersion !== '0') {
    // Upstream answers this one as a plain 400 from the storage layer.
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  return q.watch ? validateWatchQuery(q, rvMatch) : validateListOnlyQuery(q, rvMatch);
}

function validateListOnlyQuery(q: ListQuery, rvMatch: string): FieldError[] {
  const errors: FieldError[] = [];
  if (rvMatch !== '') {
    if (q.resourceVersion === '') {
      errors.push(
        forbiddenField(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    }
    if (q.continueToken !== '') {
      errors.push(
        forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
    }
    if (rvMatch !== 'NotOlderThan' && rvMatch !== 'Exact') {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        value: rvMatch,
        detail: 'supported values: "Exact", "NotOlderThan", ""',
      });
    }
    if (rvMatch === 'Exact' && q.resourceVersion === '0') {
      errors.push(
        forbiddenField(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
  }
  if (q.sendInitialEvents !== undefined) {
    errors.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is only supported on watch requests'));
  }
  return errors;
}

function validateWatchQuery(q: ListQuery, rvMatch: string): FieldError[] {
  const errors: FieldError[] = [];
  if (q.sendInitialEvents !== undefined) {
    if (rvMatch !== 'NotOlderThan') {
      errors.push(
        forbiddenField(
          'resourceVersionMatch',
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        ),
      );
    }
    if (q.sendInitialEvents && !q.allowWatchBookmarks) {
      errors.push(
        forbiddenField(
          'allowWatchBookmarks',
          'allowWatchBookmarks must be set to true when sendInitialEvents is true',
        ),
      );
    }
  }
  if (rvMatch !== '') {
    if (q.sendInitialEvents === undefined) {
      errors.push(
        forbiddenField(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    }
    if (rvMatch !== 'NotOlderThan') {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        value: rvMatch,
        detail: 'supported values: "NotOlderThan"',
      });
    }
    if (q.continueToken !== '') {
      errors.push(
        forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
    }
  }
  return errors;
}

/** Parses a resourceVersion parameter: digits without leading zeros, as upstream's storage versioner. */
export function parseResourceVersion(value: string): number {
  if (!/^(0|[1-9]\d*)$/.test(value)) throw badRequest(`invalid resource version "${value}"`);
  return Number(value);
}
