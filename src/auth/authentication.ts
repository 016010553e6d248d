import type { UserInfo } from '../machinery/context.js';
import { clusterUnitPrefix, tenantUnitPrefix } from './pki.js';

/** What authentication reads off a request: headers and the TLS client certificate, if the CA verified it. */
export interface Credentials {
  readonly authorization?: string;
  /** Subject of a client certificate that chains to the kubetenant CA. */
  readonly verifiedCertificate?: {
    readonly commonName: string;
    readonly organizations: readonly string[];
    readonly organizationalUnits: readonly string[];
  };
}

export type AuthenticationResult =
  | { readonly kind: 'authenticated'; readonly user: UserInfo }
  | { readonly kind: 'none' }
  | { readonly kind: 'rejected' };

/** One way of proving identity (upstream authenticator.Request). */
export interface Authenticator {
  /** Runs once per request; 'none' passes to the next authenticator, 'rejected' ends with 401. */
  authenticate(credentials: Credentials): AuthenticationResult | Promise<AuthenticationResult>;
}

export const authenticatedGroup = 'system:authenticated';
/** User extra naming the one logical cluster a credential is valid in. */
export const clusterExtraKey = 'tenancy.kubetenant.io/cluster';
/** User extra naming the Tenant (by uid) a cluster-restricted credential was issued for. */
export const tenantUidExtraKey = 'tenancy.kubetenant.io/tenant-uid';
export const anonymousUser: UserInfo = {
  name: 'system:anonymous',
  uid: '',
  groups: ['system:unauthenticated'],
  extra: {},
};

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.groups.includes(authenticatedGroup)) return user;
  return { ...user, groups: [...user.groups, authenticatedGroup] };
}

/** Client certificates: CN is the user, each O a group (upstream x509 CommonNameUserConversion). */
export const x509Authenticator: Authenticator = {
  authenticate(credentials) {
    const cert = credentials.verifiedCertificate;
    if (cert === undefined) return { kind: 'none' };
    const unitsWith = (prefix: string): string[] =>
      cert.organizationalUnits
        .filter((unit) => unit.startsWith(prefix))
        .map((unit) => unit.slice(prefix.length));
    const clusters = unitsWith(clusterUnitPrefix);
    const tenantUids = unitsWith(tenantUnitPrefix);
    return {
      kind: 'authenticated',
      user: withAuthenticatedGroup({
        name: cert.commonName,
        uid: '',
        groups: cert.organizations,
        extra: {
          ...(clusters.length === 0 ? {} : { [clusterExtraKey]: clusters }),
          ...(tenantUids.length === 0 ? {} : { [tenantUidExtraKey]: tenantUids }),
        },
      }),
    };
  },
};

/** Bearer tokens from a kube-apiserver static token file. */
export class StaticTokenAuthenticator implements Authenticator {
  constructor(private readonly tokens: ReadonlyMap<string, UserInfo>) {}

  authenticate(credentials: Credentials): AuthenticationResult {
    const token = bearerToken(credentials.authorization);
    if (token === undefined) return { kind: 'none' };
    const user = this.tokens.get(token);
    return user === undefined
      ? { kind: 'none' }
      : { kind: 'authenticated', user: withAuthenticatedGroup(user) };
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * Tries each authenticator in turn; a bearer token nobody accepts is a 401 (upstream union + the
 * anonymous fallback only for requests that carried no credentials).
 */
export async function authenticateRequest(
  authenticators: readonly Authenticator[],
  credentials: Credentials,
): Promise<AuthenticationResult> {
  for (const authenticator of authenticators) {
    const result = await authenticator.authenticate(credentials);
    if (result.kind !== 'none') return result;
  }
  if (bearerToken(credentials.authorization) !== undefined) return { kind: 'rejected' };
  return { kind: 'authenticated', user: anonymousUser };
}

/**
 * Parses the static token file format of kube-apiserver: `token,user,uid[,"group1,group2"]` per line,
 * CSV quoting allowed. Throws with the line number on malformed lines.
 */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const fields = parseCsvLine(line);
    const [token = '', name = '', uid = '', groups = ''] = fields;
    if (fields.length < 3 || token === '' || name === '') {
      throw new Error(`token file line ${index + 1}: need at least 3 columns (token,user,uid)`);
    }
    tokens.set(token, {
      name,
      uid,
      groups:
        groups === ''
          ? []
          : groups
              .split(',')
              .map((g) => g.trim())
              .filter((g) => g !== ''),
      extra: {},
    });
  });
  return tokens;
}

function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}
