import { badRequest } from '../machinery/errors.js';
import { isRecord } from '../machinery/object.js';
import { fieldManagerName } from '../machinery/managed-fields/index.js';
import type { DeleteOptions, PropagationPolicy, WriteOptions } from '../registry/index.js';

const fieldValidationValues = new Set(['Ignore', 'Warn', 'Strict', '']);
const propagationPolicies = new Set<string>(['Orphan', 'Background', 'Foreground']);

/** dryRun accepts only "All" (upstream ValidateDryRun); anything else is refused, never ignored. */
function parseDryRun(values: readonly unknown[]): boolean {
  for (const value of values) {
    if (value !== 'All') throw badRequest(`Invalid dryRun value "${String(value)}": supported values: "All"`);
  }
  return values.length > 0;
}

/** CreateOptions / UpdateOptions / PatchOptions from the query string. */
export function parseWriteOptions(query: URLSearchParams, subresource: string, userAgent = ''): WriteOptions {
  const fieldValidation = query.get('fieldValidation') ?? '';
  if (!fieldValidationValues.has(fieldValidation)) {
    throw badRequest(
      `fieldValidation: Unsupported value: "${fieldValidation}": supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const fieldManager = query.get('fieldManager') ?? '';
  if (fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return {
    dryRun: parseDryRun(query.getAll('dryRun')),
    subresource,
    fieldManager: fieldManagerName(fieldManager, userAgent),
  };
}

/** metav1.DeleteOptions from the body (kubectl sends one) merged over the query parameters. */
export function parseDeleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  if (body !== undefined && !isRecord(body))
    throw badRequest('the body of a delete request must be DeleteOptions');
  const fromBody = body ?? {};
  const policy = stringOption(fromBody.propagationPolicy) ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !propagationPolicies.has(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`,
    );
  }
  const orphanQuery = query.get('orphanDependents');
  const orphan =
    typeof fromBody.orphanDependents === 'boolean'
      ? fromBody.orphanDependents
      : orphanQuery === null
        ? undefined
        : orphanQuery === 'true';
  if (orphan !== undefined && policy !== undefined) {
    throw badRequest(
      'orphanDependents: Invalid value: "orphanDependents": orphanDependents and deletionPropagation cannot be both set',
    );
  }
  const bodyDryRun = Array.isArray(fromBody.dryRun) ? fromBody.dryRun : [];
  const preconditions = isRecord(fromBody.preconditions) ? fromBody.preconditions : {};
  const uid = stringOption(preconditions.uid);
  const resourceVersion = stringOption(preconditions.resourceVersion);
  return {
    dryRun: parseDryRun([...bodyDryRun, ...query.getAll('dryRun')]),
    ...(policy === undefined ? {} : { propagationPolicy: policy as PropagationPolicy }),
    ...(orphan === undefined ? {} : { orphanDependents: orphan }),
    ...(uid === undefined && resourceVersion === undefined
      ? {}
      : {
          preconditions: {
            ...(uid === undefined ? {} : { uid }),
            ...(resourceVersion === undefined ? {} : { resourceVersion }),
          },
        }),
  };
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
