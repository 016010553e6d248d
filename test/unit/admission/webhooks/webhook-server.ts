/**
 * An HTTPS admission webhook for tests: a self-signed certificate (made with openssl, valid for 127.0.0.1,
 * localhost and hooks.webhooks.svc) whose PEM is the caBundle, and a handler per path that receives each
 * AdmissionReview and returns the response body.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Json = Record<string, unknown>;

/** What a handler gets: the AdmissionReview's `request`, and the whole body. */
export interface ReceivedReview {
  readonly path: string;
  readonly body: Json;
  readonly request: Json;
}

export type ReviewHandler = (review: ReceivedReview) => Json | Promise<Json>;

export interface TestCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** base64 of the PEM, as clientConfig.caBundle wants it. */
  readonly caBundle: string;
}

/** A self-signed CA certificate usable as the server certificate itself. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=webhook-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:hooks.webhooks.svc',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );
    const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    return {
      certPem,
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
      caBundle: Buffer.from(certPem).toString('base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class WebhookServer {
  /** Every review received, in order. */
  readonly reviews: ReceivedReview[] = [];
  private readonly handlers = new Map<string, ReviewHandler>();

  private constructor(
    private readonly server: Server,
    readonly certificate: TestCertificate,
    readonly port: number,
  ) {}

  static async start(certificate = selfSignedCertificate()): Promise<WebhookServer> {
    const server = createServer({ cert: certificate.certPem, key: certificate.keyPem });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const webhook = new WebhookServer(server, certificate, (server.address() as AddressInfo).port);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'https://localhost').pathname;
        void webhook.answer(path, Buffer.concat(chunks).toString('utf8')).then(
          ({ status, body }) => {
            res.writeHead(status, { 'Content-Type': 'application/json' });
            res.end(body);
          },
          (error: unknown) => {
            res.writeHead(500);
            res.end(String(error));
          },
        );
      });
    });
    return webhook;
  }

  /** https://127.0.0.1:<port><path> */
  url(path: string): string {
    return `https://127.0.0.1:${this.port}${path}`;
  }

  get caBundle(): string {
    return this.certificate.caBundle;
  }

  /** Serves `path` with `handler` (replacing any earlier one). */
  handle(path: string, handler: ReviewHandler): void {
    this.handlers.set(path, handler);
  }

  /** The reviews sent to `path`. */
  reviewsAt(path: string): ReceivedReview[] {
    return this.reviews.filter((review) => review.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(path: string, text: string): Promise<{ status: number; body: string }> {
    const handler = this.handlers.get(path);
    if (handler === undefined) return { status: 404, body: '404 page not found' };
    const body = JSON.parse(text) as Json;
    const review: ReceivedReview = { path, body, request: (body['request'] ?? {}) as Json };
    this.reviews.push(review);
    return { status: 200, body: JSON.stringify(await handler(review)) };
  }
}

/** An AdmissionReview v1 response to `review` with `response` fields besides uid. */
export function reply(review: ReceivedReview, response: Json): Json {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: review.request['uid'], ...response },
  };
}

export function allow(review: ReceivedReview, extra: Json = {}): Json {
  return reply(review, { allowed: true, ...extra });
}

/** A refusal as controller-runtime's admission.Denied sends it. */
export function deny(review: ReceivedReview, message: string, code = 403, reason = 'Forbidden'): Json {
  return reply(review, { allowed: false, status: { code, reason, message } });
}

/** An allowing response with a JSON patch. */
export function patch(review: ReceivedReview, operations: readonly Json[], extra: Json = {}): Json {
  return allow(review, {
    patchType: 'JSONPatch',
    patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
    ...extra,
  });
}
