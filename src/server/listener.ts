import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse } from './http.js';

export interface ListenerOptions {
  readonly bindAddress: string;
  readonly port: number;
  readonly certPem: string;
  readonly keyPem: string;
  /** Client certificates are verified against this CA; unverified ones are simply not used for identity. */
  readonly clientCaPem: string;
}

/** TLS listener speaking HTTP/2 and HTTP/1.1 (ALPN), asking for (not requiring) a client certificate. */
export async function listen(
  options: ListenerOptions,
  handler: (req: HttpRequest, res: HttpResponse) => void,
): Promise<{ server: Http2SecureServer; port: number }> {
  const server = createSecureServer(
    {
      allowHTTP1: true,
      cert: options.certPem,
      key: options.keyPem,
      ca: options.clientCaPem,
      requestCert: true,
      rejectUnauthorized: false,
      settings: { maxConcurrentStreams: 1000 },
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
