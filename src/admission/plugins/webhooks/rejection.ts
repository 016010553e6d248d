/**
 * The errors webhooks produce (upstream webhook/errors and pkg/util/webhook/error.go): a refusal carries
 * the webhook's own Status, a failed call is an InternalError unless failurePolicy is Ignore.
 */
import {
  badRequest,
  internalError,
  StatusError,
  type StatusDetails,
  type StatusReason,
} from '../../../machinery/errors.js';
import { isRecord } from '../../../machinery/object.js';

/** Upstream ErrCallingWebhook: the webhook could not be asked, or answered something unusable. */
export class WebhookCallError extends Error {
  constructor(
    readonly webhookName: string,
    reason: string,
  ) {
    super(`failed calling webhook "${webhookName}": ${reason}`);
    this.name = 'WebhookCallError';
  }
}

/** A failed call under failurePolicy Fail (upstream apierrors.NewInternalError(err)). */
export function callFailure(error: WebhookCallError): StatusError {
  return internalError(error);
}

/** Upstream NewDryRunUnsupportedErr. */
export function dryRunUnsupported(webhookName: string): StatusError {
  return badRequest(`admission webhook "${webhookName}" does not support dry run`);
}

const statusReasons: Record<StatusReason, true> = {
  BadRequest: true,
  Unauthorized: true,
  Forbidden: true,
  NotFound: true,
  AlreadyExists: true,
  Conflict: true,
  Gone: true,
  Expired: true,
  Invalid: true,
  MethodNotAllowed: true,
  NotAcceptable: true,
  RequestEntityTooLarge: true,
  UnsupportedMediaType: true,
  TooManyRequests: true,
  InternalError: true,
  ServiceUnavailable: true,
  Timeout: true,
};

function isStatusReason(value: string): value is StatusReason {
  return Object.hasOwn(statusReasons, value);
}

/** The reason for a code when a webhook gives none we know (StatusReason is a closed set here). */
function reasonForCode(code: number): StatusReason {
  const byCode: Readonly<Record<number, StatusReason>> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    413: 'RequestEntityTooLarge',
    422: 'Invalid',
    429: 'TooManyRequests',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return byCode[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

function detailsOf(value: unknown): StatusDetails | undefined {
  if (!isRecord(value)) return undefined;
  const details: StatusDetails = {};
  for (const key of ['name', 'group', 'kind', 'uid'] as const) {
    const field = value[key];
    if (typeof field === 'string' && field !== '') details[key] = field;
  }
  if (typeof value['retryAfterSeconds'] === 'number') details.retryAfterSeconds = value['retryAfterSeconds'];
  return details;
}

/**
 * Upstream ToStatusErr: the webhook's Status with the message prefixed by `admission webhook "<name>"
 * denied the request`, its code forced to at least 400 and its status to Failure. A reason outside the
 * known set is replaced by the one of its code.
 */
export function rejectionError(webhookName: string, result: unknown): StatusError {
  const status = isRecord(result) ? result : {};
  const message = typeof status['message'] === 'string' ? status['message'] : '';
  const reason = typeof status['reason'] === 'string' ? status['reason'] : '';
  const rawCode = typeof status['code'] === 'number' ? status['code'] : 0;
  const code = rawCode < 400 ? 400 : rawCode;
  const deniedBy = `admission webhook "${webhookName}" denied the request`;
  const text =
    message !== ''
      ? `${deniedBy}: ${message}`
      : reason !== ''
        ? `${deniedBy}: ${reason}`
        : `${deniedBy} without explanation`;
  const error = new StatusError(
    isStatusReason(reason) ? reason : reasonForCode(code),
    text,
    detailsOf(status['details']),
  );
  // The webhook's code wins over the one our reason implies (e.g. 403 with reason Invalid).
  error.status.code = code;
  return error;
}
