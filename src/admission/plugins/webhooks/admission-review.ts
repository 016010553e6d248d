/**
 * The AdmissionReview exchanged with a webhook (admission.k8s.io/v1, or v1beta1 for webhooks that accept
 * only that): the request built from the admission attributes (upstream webhook/request/admissionreview.go
 * CreateAdmissionObjects) and the checks a response must pass (VerifyAdmissionResponse).
 */
import { randomUUID } from 'node:crypto';
import { isRecord } from '../../../machinery/object.js';
import { admissionRequestFields, type AdmissionAttributes } from '../validating-policy/index.js';

const admissionGroup = 'admission.k8s.io';
/** The versions kubetenant speaks, in the order upstream prefers them. */
const supportedVersions = ['v1', 'v1beta1'] as const;

export interface ReviewRequest {
  readonly uid: string;
  readonly version: string;
  readonly body: Record<string, unknown>;
}

/** What a webhook answered, after VerifyAdmissionResponse. */
export interface ReviewResponse {
  readonly allowed: boolean;
  /** The metav1.Status of a refusal, as sent. */
  readonly result: unknown;
  readonly patch: string;
  readonly patchType: string;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

/** A problem with the exchange itself (not a refusal); subject to the webhook's failurePolicy. */
export class ReviewError extends Error {}

/**
 * Builds the review for `attrs`. Throws ReviewError when the webhook accepts no version spoken here
 * (upstream: "webhook does not accept known AdmissionReview versions").
 */
export function reviewRequest(
  attrs: AdmissionAttributes,
  acceptedVersions: readonly string[],
): ReviewRequest {
  const version = acceptedVersions.find((v): v is (typeof supportedVersions)[number] =>
    (supportedVersions as readonly string[]).includes(v),
  );
  if (version === undefined) {
    throw new ReviewError(
      `could not create admission objects: webhook does not accept known AdmissionReview versions [${acceptedVersions.join(' ')}]`,
    );
  }
  const uid = randomUUID();
  const { dryRun, options, ...fields } = admissionRequestFields(attrs);
  return {
    uid,
    version,
    body: {
      kind: 'AdmissionReview',
      apiVersion: `${admissionGroup}/${version}`,
      request: {
        uid,
        ...fields,
        object: attrs.object ?? null,
        oldObject: attrs.oldObject ?? null,
        dryRun,
        options,
      },
    },
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Upstream VerifyAdmissionResponse. v1: the response must be an AdmissionReview of v1, answer this
 * request's uid, and carry a patch (with its type) only when the webhook is mutating. v1beta1 was never
 * checked for kind and uid, and a patch without a type is a JSONPatch. Throws ReviewError with upstream's
 * wording.
 */
export function verifyResponse(request: ReviewRequest, mutating: boolean, review: unknown): ReviewResponse {
  const body = isRecord(review) ? review : {};
  const response = body['response'];
  if (!isRecord(response)) throw new ReviewError('webhook response was absent');
  const patch = typeof response['patch'] === 'string' ? response['patch'] : '';
  let patchType = typeof response['patchType'] === 'string' ? response['patchType'] : '';
  if (request.version === 'v1') {
    const uid = typeof response['uid'] === 'string' ? response['uid'] : '';
    if (uid !== request.uid) throw new ReviewError(`expected response.uid="${request.uid}", got "${uid}"`);
    const apiVersion = typeof body['apiVersion'] === 'string' ? body['apiVersion'] : '';
    const kind = typeof body['kind'] === 'string' ? body['kind'] : '';
    if (apiVersion !== `${admissionGroup}/v1` || kind !== 'AdmissionReview') {
      // schema.GroupVersionKind.String()
      const got = `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${kind}`;
      throw new ReviewError(
        `expected webhook response of ${admissionGroup}/v1, Kind=AdmissionReview, got ${got}`,
      );
    }
    if (patch !== '' && patchType === '') {
      throw new ReviewError('webhook returned response.patch but not response.patchType');
    }
  } else if (patch !== '' && patchType === '') {
    patchType = 'JSONPatch';
  }
  if (patch !== '' && !mutating) throw new ReviewError('validating webhook may not return response.patch');
  if (patch === '' && patchType !== '') {
    throw new ReviewError('webhook returned response.patchType but not response.patch');
  }
  if (patchType !== '' && !mutating)
    throw new ReviewError('validating webhook may not return response.patchType');
  const annotations = response['auditAnnotations'];
  return {
    allowed: response['allowed'] === true,
    result: response['status'],
    patch,
    patchType,
    warnings: strings(response['warnings']),
    auditAnnotations: isRecord(annotations)
      ? Object.fromEntries(
          Object.entries(annotations).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        )
      : {},
  };
}
