import type { TLSSocket } from 'node:tls';
import type { Credentials } from '../auth/index.js';
import type { HttpRequest } from './http.js';

/** The TLS socket under an HTTP/1.1 or HTTP/2 request. */
function tlsSocketOf(req: HttpRequest): TLSSocket | undefined {
  // For HTTP/2, the session's socket (one object per connection; req.socket is a new proxy per stream).
  // It is a proxy on which `in` checks do not see TLS methods, hence the typeof check.
  const socket = ('stream' in req ? req.stream.session?.socket : req.socket) as
    Partial<TLSSocket> | undefined;
  return typeof socket?.getPeerCertificate === 'function' ? (socket as TLSSocket) : undefined;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

type VerifiedCertificate = NonNullable<Credentials['verifiedCertificate']>;

/**
 * The verified client certificate of a connection, read once per TLS socket: every HTTP/2 stream of a
 * connection shares it, and getPeerCertificate() is costly to call per request.
 */
const certificates = new WeakMap<TLSSocket, VerifiedCertificate | null>();

function certificateOf(socket: TLSSocket): VerifiedCertificate | undefined {
  let cached = certificates.get(socket);
  if (cached === undefined) {
    const cert = socket.authorized ? socket.getPeerCertificate() : undefined;
    const commonName = asList(cert?.subject?.CN)[0];
    cached =
      cert === undefined || commonName === undefined
        ? null
        : { commonName, organizations: asList(cert.subject.O), organizationalUnits: asList(cert.subject.OU) };
    certificates.set(socket, cached);
  }
  return cached ?? undefined;
}

/** Reads the Authorization header and a client certificate the listener verified against our CA. */
export function credentialsOf(req: HttpRequest): Credentials {
  const authorization = req.headers.authorization;
  const socket = tlsSocketOf(req);
  const verifiedCertificate = socket === undefined ? undefined : certificateOf(socket);
  return {
    ...(authorization === undefined ? {} : { authorization }),
    ...(verifiedCertificate === undefined ? {} : { verifiedCertificate }),
  };
}
