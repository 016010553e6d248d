/**
 * POSTs an AdmissionReview to a webhook over HTTPS (upstream pkg/util/webhook client and client-go's REST
 * client): `clientConfig.url`, or `clientConfig.service` resolved through a ServiceResolver, verified
 * against `caBundle` (the system roots when empty), with upstream's `?timeout=` parameter and deadline.
 * Failures are reported in the words client-go would use, since they end up in users' error messages.
 */
import { request as httpsRequest } from 'node:https';
import type { ClusterName } from '../../../machinery/context.js';
import { isRecord } from '../../../machinery/object.js';
import type { ClientConfig, ServiceReference } from './configuration.js';

/** Where to connect for a Service-backed webhook; TLS still verifies `<service>.<namespace>.svc`. */
export interface ResolvedEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Finds the endpoint behind a webhook's Service in a logical cluster. kubetenant has no cluster network,
 * so the deployment decides (a sidecar, a port-forward, a fixed map); throws when it cannot be reached.
 */
export type ServiceResolver = (
  cluster: ClusterName,
  service: ServiceReference,
) => ResolvedEndpoint | Promise<ResolvedEndpoint>;

/** The default: Service references cannot be reached (clientConfig.url works). */
export const noServiceNetwork: ServiceResolver = (_cluster, service) => {
  throw new Error(
    `service "${service.namespace}/${service.name}" cannot be reached: kubetenant has no cluster network ` +
      '(use clientConfig.url, or start kubetenant with a service resolver)',
  );
};

/** A failure before any response: the resolver, or the connection. Subject to failurePolicy. */
export class CallError extends Error {}

/** Upstream caps what it reads of a webhook response; a larger one is an error, not a memory problem. */
const maxResponseBytes = 32 * 1024 * 1024;
/** client-go keeps error bodies as messages only when short. */
const maxErrorBodyBytes = 2048;

export interface Target {
  /** The URL to POST to, with upstream's `?timeout=`. */
  readonly url: URL;
  /** The URL as upstream names it in errors (a Service's port always shown, as client-go builds it). */
  readonly display: string;
  /** Where to connect when it is not the URL's host (Services). */
  readonly endpoint: ResolvedEndpoint | undefined;
  readonly caPem: string | undefined;
}

/** Resolves a webhook's clientConfig; throws CallError in upstream's "could not get REST client" form. */
export async function resolveTarget(
  cluster: ClusterName,
  config: ClientConfig,
  timeoutSeconds: number,
  resolveService: ServiceResolver,
): Promise<Target> {
  let url: URL;
  let endpoint: ResolvedEndpoint | undefined;
  try {
    if (config.url !== undefined) {
      url = new URL(config.url);
      if (url.protocol !== 'https:') throw new Error(`webhook URL scheme must be https, got ${url.protocol}`);
    } else if (config.service !== undefined) {
      const service = config.service;
      url = new URL(`https://${service.name}.${service.namespace}.svc:${service.port}${service.path}`);
      endpoint = await resolveService(cluster, service);
    } else {
      throw new Error('webhook clientConfig has neither url nor service');
    }
  } catch (error) {
    throw new CallError(
      `could not get REST client: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  url.searchParams.set('timeout', `${timeoutSeconds}s`);
  const service = config.url === undefined ? config.service : undefined;
  const display =
    service === undefined
      ? url.href
      : `https://${service.name}.${service.namespace}.svc:${service.port}${url.pathname}${url.search}`;
  return { url, display, endpoint, caPem: config.caPem };
}

interface NodeError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

const unknownAuthority = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** Go's net/http wording for a failed connection. */
function transportMessage(error: NodeError, timedOut: boolean, canceled: boolean): string {
  if (timedOut) return 'context deadline exceeded';
  if (canceled) return 'context canceled';
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED')
    return `dial tcp ${error.address ?? ''}:${error.port ?? ''}: connect: connection refused`;
  if (code === 'ENOTFOUND') return `dial tcp: lookup ${error.hostname ?? ''}: no such host`;
  if (unknownAuthority.has(code))
    return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  if (code === 'CERT_HAS_EXPIRED')
    return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `tls: failed to verify certificate: x509: ${error.message}`;
  return error.message;
}

/** client-go's message for a non-2xx answer without a Status body (errors.NewGenericServerResponse). */
function httpStatusMessage(code: number, body: string): string {
  const text = Buffer.byteLength(body) < maxErrorBodyBytes ? body.trim() : 'unknown';
  const fixed: Readonly<Record<number, string>> = {
    400: 'the server rejected our request for an unknown reason',
    401: 'the server has asked for the client to provide credentials',
    403: text,
    404: 'the server could not find the requested resource',
    405: 'the server does not allow this method on the requested resource',
    409: 'the server reported a conflict',
    422: 'the server rejected our request due to an error in our request',
    429: 'the server has received too many requests and has asked us to try again later',
    503: 'the server is currently unable to handle the request',
    504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
  };
  const known = fixed[code];
  if (known !== undefined) return known;
  if (code >= 500)
    return `an error on the server (${JSON.stringify(text)}) has prevented the request from succeeding`;
  return `the server responded with the status code ${code} but did not return more information`;
}

/** client-go reports a metav1.Status answer by its message. */
function statusMessageOf(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // not JSON: reported by status code instead
  }
  if (!isRecord(parsed) || parsed['kind'] !== 'Status') return undefined;
  const message = parsed['message'];
  return typeof message === 'string' ? message : undefined;
}

/**
 * POSTs `body` as JSON and resolves the decoded JSON answer. Rejects with CallError worded like upstream's
 * "failed to call webhook: Post \"<url>\": <reason>".
 */
export function postJson(
  target: Target,
  body: unknown,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  const deadline = AbortSignal.timeout(timeoutSeconds * 1000);
  const fail = (reason: string): CallError =>
    new CallError(`failed to call webhook: Post ${JSON.stringify(target.display)}: ${reason}`);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      target.url,
      {
        method: 'POST',
        ...(target.endpoint === undefined
          ? {}
          : { hostname: target.endpoint.host, port: target.endpoint.port, servername: target.url.hostname }),
        ...(target.caPem === undefined ? {} : { ca: target.caPem }),
        headers: {
          // A Service is addressed by its DNS name even when reached through another endpoint.
          ...(target.endpoint === undefined ? {} : { Host: target.url.host }),
          'Content-Type': 'application/json',
          Accept: 'application/json, */*',
          'Content-Length': payload.length,
        },
        signal: AbortSignal.any([signal, deadline]),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) req.destroy(new Error('response body too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) {
            reject(fail(statusMessageOf(text) ?? httpStatusMessage(code, text)));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            const detail = error instanceof Error ? error.message : String(error);
            reject(fail(`couldn't get version/kind; json parse error: ${detail}`));
          }
        });
        res.on('error', (error: NodeError) =>
          reject(fail(transportMessage(error, deadline.aborted, signal.aborted))),
        );
      },
    );
    req.on('error', (error: NodeError) =>
      reject(fail(transportMessage(error, deadline.aborted, signal.aborted))),
    );
    req.end(payload);
  });
}
