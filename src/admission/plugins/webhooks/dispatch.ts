/**
 * Calling a cluster's webhooks for one request (upstream webhook/generic/webhook.go ShouldCallHook and the
 * validating and mutating dispatchers): validating webhooks all at once, mutating ones in order with one
 * reinvocation round for `reinvocationPolicy: IfNeeded`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ClusterName } from '../../../machinery/context.js';
import { forbidden, internalError, isStatusError, StatusError } from '../../../machinery/errors.js';
import { applyDecodedJsonPatch, decodeJsonPatch } from '../../../machinery/json-patch.js';
import type { Logger } from '../../../machinery/logger.js';
import { isRecord, type KubeObject } from '../../../machinery/object.js';
import {
  admissionRequestFields,
  evaluateMatchConditions,
  namespaceSelectorResult,
  objectSelectorResult,
  ruleMatches,
  toCelValue,
  type AdmissionAttributes,
  type NamespaceReader,
} from '../validating-policy/index.js';
import { reviewRequest, ReviewError, verifyResponse, type ReviewResponse } from './admission-review.js';
import { CallError, postJson, resolveTarget, type ServiceResolver } from './client.js';
import type { Webhook } from './configuration.js';
import { callFailure, dryRunUnsupported, rejectionError, WebhookCallError } from './rejection.js';

/** What dispatch needs besides the request: the request's cluster and where its warnings go. */
export interface WebhookEnvironment {
  readonly cluster: ClusterName;
  readonly namespaces: NamespaceReader;
  readonly resolveService: ServiceResolver;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly warnings: string[];
}

function requestTimedOut(): StatusError {
  return new StatusError('Timeout', 'Timeout: request did not complete within requested timeout', {
    retryAfterSeconds: 0,
  });
}

/**
 * Upstream ShouldCallHook: selectors, rules (with Equivalent versions), then matchConditions. Selector
 * errors count only when the rules match; failing matchConditions under Fail are 403 Forbidden.
 */
async function shouldCall(
  hook: Webhook,
  attrs: AdmissionAttributes,
  env: WebhookEnvironment,
): Promise<boolean> {
  const byNamespace = await namespaceSelectorResult(hook.namespaceSelector, attrs, env.namespaces);
  if (!byNamespace.matches && byNamespace.error === undefined) return false;
  const byObject = objectSelectorResult(hook.objectSelector, attrs);
  if (!byObject.matches && byObject.error === undefined) return false;
  const selected =
    hook.rules.some((rule) => ruleMatches(rule, attrs)) ||
    (hook.matchPolicy === 'Equivalent' &&
      hook.rules.some((rule) =>
        attrs.equivalentVersions.some((version) => ruleMatches(rule, attrs, version)),
      ));
  if (!selected) return false;
  if (byNamespace.error !== undefined) throw byNamespace.error;
  if (byObject.error !== undefined) throw byObject.error;
  const conditions = evaluateMatchConditions(
    hook.matchConditions,
    () => ({
      object: attrs.object === undefined ? null : toCelValue(attrs.object),
      oldObject: attrs.oldObject === undefined ? null : toCelValue(attrs.oldObject),
      request: toCelValue({ uid: '', ...admissionRequestFields(attrs), object: null, oldObject: null }),
    }),
    hook.failurePolicy,
  );
  if (conditions.error !== undefined) {
    throw forbidden(
      { group: attrs.resource.group, resource: attrs.resource.resource },
      attrs.name,
      conditions.error,
    );
  }
  return conditions.matches;
}

/**
 * Sends the review and checks the answer. Throws WebhookCallError when the webhook cannot be asked or
 * answers nonsense (failurePolicy decides), StatusError for dry runs it cannot take and for refusals.
 */
async function callWebhook(
  hook: Webhook,
  attrs: AdmissionAttributes,
  env: WebhookEnvironment,
  mutating: boolean,
): Promise<ReviewResponse> {
  if (attrs.dryRun) {
    if (hook.sideEffects === undefined) throw new WebhookCallError(hook.name, 'Webhook SideEffects is nil');
    if (hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun')
      throw dryRunUnsupported(hook.name);
  }
  let response: ReviewResponse;
  try {
    const request = reviewRequest(attrs, hook.admissionReviewVersions);
    const target = await resolveTarget(
      env.cluster,
      hook.clientConfig,
      hook.timeoutSeconds,
      env.resolveService,
    );
    const answer = await postJson(target, request.body, hook.timeoutSeconds, env.signal);
    try {
      response = verifyResponse(request, mutating, answer);
    } catch (error) {
      if (!(error instanceof ReviewError)) throw error;
      throw new ReviewError(`received invalid webhook response: ${error.message}`);
    }
  } catch (error) {
    if (error instanceof ReviewError || error instanceof CallError)
      throw new WebhookCallError(hook.name, error.message);
    throw error;
  }
  env.warnings.push(...response.warnings);
  // Audit annotations have no audit-log input yet (TODO(#4)).
  if (!response.allowed) throw rejectionError(hook.name, response.result);
  return response;
}

/**
 * What to do with a failed webhook: nothing under failurePolicy Ignore (unless the request itself is gone),
 * else the error to refuse with.
 */
function failureOutcome(hook: Webhook, error: unknown, env: WebhookEnvironment): StatusError | undefined {
  if (error instanceof WebhookCallError) {
    if (hook.failurePolicy === 'Fail') return callFailure(error);
    env.logger.warn('Failed calling webhook, failing open', { webhook: hook.name, error: error.message });
    return env.signal.aborted ? requestTimedOut() : undefined;
  }
  if (isStatusError(error)) return error;
  throw error;
}

/** Calls every validating webhook that applies, concurrently; throws the first refusal in webhook order. */
export async function dispatchValidating(
  hooks: readonly Webhook[],
  attrs: AdmissionAttributes,
  env: WebhookEnvironment,
): Promise<void> {
  const relevant: Webhook[] = [];
  for (const hook of hooks) if (await shouldCall(hook, attrs, env)) relevant.push(hook);
  if (relevant.length === 0) return;
  if (env.signal.aborted) throw requestTimedOut();
  const outcomes = await Promise.all(
    relevant.map((hook) =>
      callWebhook(hook, attrs, env, false).then(
        () => undefined,
        (error: unknown) => failureOutcome(hook, error, env),
      ),
    ),
  );
  const refusal = outcomes.find((outcome) => outcome !== undefined);
  if (refusal !== undefined) throw refusal;
}

/** A patched document that is still an object with metadata (what the store needs to go on). */
function isObjectWithMetadata(value: unknown): value is KubeObject {
  return isRecord(value) && isRecord(value['metadata']);
}

/** Replaces `target`'s contents with `source`'s (the request object is shared with the store). */
function replaceContents(target: KubeObject, source: KubeObject): void {
  for (const key of Object.keys(target)) if (!Object.hasOwn(source, key)) delete target[key];
  Object.assign(target, source);
}

/**
 * Applies a mutating webhook's JSON patch to the request object in place; returns whether it changed.
 * Undecodable patches and unknown patch types are call failures; patches that do not apply are 500s.
 */
function applyResponsePatch(hook: Webhook, response: ReviewResponse, attrs: AdmissionAttributes): boolean {
  if (response.patch === '') return false;
  let operations;
  try {
    const raw: unknown = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'));
    operations = decodeJsonPatch(raw, 'Ignore').operations;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebhookCallError(hook.name, `received undecodable patch in webhook response: ${detail}`);
  }
  if (operations.length === 0) return false;
  const object = attrs.object;
  if (object === undefined) {
    throw internalError(
      new Error(
        `admission webhook "${hook.name}" attempted to modify the object, which is not supported for this operation`,
      ),
    );
  }
  if (response.patchType !== 'JSONPatch') {
    throw new WebhookCallError(hook.name, `unsupported patch type "${response.patchType}"`);
  }
  let patched: unknown;
  try {
    patched = applyDecodedJsonPatch(object, operations);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw internalError(cause);
  }
  if (!isObjectWithMetadata(patched)) {
    throw internalError(
      new Error(`admission webhook "${hook.name}" patched the object into one without metadata`),
    );
  }
  const changed = !isDeepStrictEqual(object, patched);
  if (changed) replaceContents(object, patched);
  return changed;
}

/**
 * Calls mutating webhooks in order, each seeing the previous ones' changes. When a webhook changes the
 * object, the IfNeeded webhooks called before it are called once more afterwards (upstream
 * reinvocationcontext.go); a webhook never runs for the first time in that round.
 */
export async function dispatchMutating(
  hooks: readonly Webhook[],
  attrs: AdmissionAttributes,
  env: WebhookEnvironment,
): Promise<void> {
  let invokedReinvocable = new Set<string>();
  const reinvoke = new Set<string>();
  for (const round of [0, 1]) {
    if (round === 1 && reinvoke.size === 0) return;
    for (const hook of hooks) {
      if (!(await shouldCall(hook, attrs, env))) continue;
      if (round === 1 && !reinvoke.has(hook.uid)) continue;
      let changed = false;
      let failure: StatusError | undefined;
      try {
        changed = applyResponsePatch(hook, await callWebhook(hook, attrs, env, true), attrs);
      } catch (error) {
        failure = failureOutcome(hook, error, env);
      }
      if (changed) {
        for (const uid of invokedReinvocable) reinvoke.add(uid);
        invokedReinvocable = new Set();
      }
      if (hook.reinvocationPolicy === 'IfNeeded') invokedReinvocable.add(hook.uid);
      if (failure !== undefined) throw failure;
    }
  }
}
