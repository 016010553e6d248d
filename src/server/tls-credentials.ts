import type { TLSSocket } from 'node:tls';
import type { Credentials } from '../auth/index.js';
import type { HttpRequest } from './http.js';

/** The TLS socket under an HTTP/1.1 or HTTP/2 request. */
function tlsSocketOf(req: HttpRequest): TLSSocket | undefined {
  // For HTTP/2 this is a proxy of the session's socket, on which `in` checks do not see TLS methods.
  const socket = req.socket as Partial<TLSSocket> | undefined;
  return typeof socket?.getPeerCertificate === 'function' ? (socket as TLSSocket) : undefined;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Reads the Authorization header and a client certificate the listener verified against our CA. */
export function credentialsOf(req: HttpRequest): Credentials {
  const authorization = req.headers.authorization;
  const socket = tlsSocketOf(req);
  if (socket === undefined || !socket.authorized) return authorization === undefined ? {} : { authorization };
  const cert = socket.getPeerCertificate();
  const commonName = asList(cert.subject?.CN)[0];
  if (commonName === undefined) return authorization === undefined ? {} : { authorization };
  return {
    ...(authorization === undefined ? {} : { authorization }),
    verifiedCertificate: {
      commonName,
      organizations: asList(cert.subject.O),
      organizationalUnits: asList(cert.subject.OU),
    },
  };
}
