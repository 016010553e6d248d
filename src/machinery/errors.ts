/**
 * The one error type of the API: a Kubernetes `Status` with the upstream reason and wording
 * (k8s.io/apimachinery/pkg/api/errors/errors.go). Everything thrown elsewhere becomes a 500.
 */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

const httpCodes: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
};

export type CauseType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound'
  | 'FieldValueTypeInvalid'
  | 'NamespaceTerminating'
  | 'ResourceVersionTooLarge'
  | 'FieldManagerConflict'
  | 'InternalError';

export interface StatusCause {
  reason: CauseType;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A group and resource, as upstream's schema.GroupResource; names errors the way kubectl prints them. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

export class StatusError extends Error {
  readonly status: Status;

  constructor(reason: StatusReason, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StatusError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details === undefined ? {} : { details }),
      code: httpCodes[reason],
    };
  }

  get reason(): StatusReason {
    return this.status.reason;
  }

  get code(): number {
    return this.status.code;
  }
}

/** A validation failure on one field (upstream field.Error). */
export interface FieldError {
  type: CauseType;
  field: string;
  /** The offending value, shown in the message for Invalid/NotSupported/Duplicate. */
  value?: unknown;
  detail?: string;
}

const fieldErrorTitles: Partial<Record<CauseType, string>> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  FieldValueTypeInvalid: 'Invalid value',
  InternalError: 'Internal error',
};

function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Upstream field.Error.Error(): "<field>: <title>: <value>: <detail>". */
export function fieldErrorMessage(error: FieldError): string {
  const title = fieldErrorTitles[error.type] ?? 'Invalid value';
  const showValue =
    error.value !== undefined &&
    (error.type === 'FieldValueInvalid' ||
      error.type === 'FieldValueNotSupported' ||
      error.type === 'FieldValueDuplicate' ||
      error.type === 'FieldValueTypeInvalid');
  const parts = [`${error.field}: ${title}`];
  if (showValue) parts.push(renderValue(error.value));
  let message = parts.join(': ');
  if (error.detail !== undefined && error.detail !== '') message += `: ${error.detail}`;
  return message;
}

/** Field-error detail without the field path, as used in StatusCause.message. */
function causeMessage(error: FieldError): string {
  const full = fieldErrorMessage(error);
  return full.slice(error.field.length + 2);
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError('NotFound', `${qualifiedResource(gr)} "${name}" not found`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError('AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });
}

/** Upstream OptimisticLockErrorMsg, wrapped by NewConflict. */
export const optimisticLockMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, detail: string): StatusError {
  return new StatusError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${detail}`,
    {
      name,
      group: gr.group,
      kind: gr.resource,
    },
  );
}

/** Upstream NewInvalid: `<Kind>.<group> "<name>" is invalid: <errors>`. */
export function invalid(group: string, kind: string, name: string, errors: FieldError[]): StatusError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const messages = errors.map(fieldErrorMessage);
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return new StatusError('Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: e.type, message: causeMessage(e), field: e.field })),
  });
}

export function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function forbidden(
  gr: GroupResource,
  name: string,
  reason: string,
  causes?: StatusCause[],
): StatusError {
  const subject = name === '' ? qualifiedResource(gr) : `${qualifiedResource(gr)} "${name}"`;
  return new StatusError('Forbidden', `${subject} is forbidden: ${reason}`, {
    ...(name === '' ? {} : { name }),
    group: gr.group,
    kind: gr.resource,
    ...(causes === undefined ? {} : { causes }),
  });
}

export function expired(message: string): StatusError {
  return new StatusError('Expired', message);
}

export function methodNotAllowed(verb: string, gr: GroupResource): StatusError {
  return new StatusError(
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualifiedResource(gr)}"`,
    { group: gr.group, kind: gr.resource },
  );
}

export function notAcceptable(message: string): StatusError {
  return new StatusError('NotAcceptable', message);
}

export function unsupportedMediaType(contentType: string, accepted: readonly string[]): StatusError {
  return new StatusError(
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'FieldValueNotSupported', message: contentType }] } as StatusDetails,
  );
}

export function internalError(cause: unknown): StatusError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new StatusError(
    'InternalError',
    `Internal error occurred: ${detail}`,
    { causes: [{ reason: 'InternalError', message: detail }] },
    { cause },
  );
}

export function isStatusError(error: unknown, reason?: StatusReason): error is StatusError {
  return error instanceof StatusError && (reason === undefined || error.reason === reason);
}
