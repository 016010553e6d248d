import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseClusterName, type ClusterName } from '../machinery/context.js';
import { isRecord } from '../machinery/object.js';
import { clusterExtraKey } from './authentication.js';

/**
 * ServiceAccount tokens as upstream issues them (KK pkg/serviceaccount/jwt.go and claims.go): a JWS in
 * compact form, signed with ES256 (P-256) or RS256, with the public claims iss, sub, aud, exp, iat, nbf,
 * jti and the private claim `kubernetes.io`. kubetenant adds one private claim, named like the user extra
 * it becomes, holding the logical cluster the token was issued in.
 */

/** The default issuer and API audience (what kube-apiserver is commonly given as --service-account-issuer). */
export const defaultIssuer = 'https://kubernetes.default.svc.cluster.local';
/** Upstream's DefaultLeeway (go-jose): clock skew tolerated on exp, nbf and iat. */
const leewaySeconds = 60;
const privateClaim = 'kubernetes.io';
const clusterClaim = clusterExtraKey;

export type SigningAlgorithm = 'ES256' | 'RS256';

/** A name and uid, as the private claim records the ServiceAccount and the object a token is bound to. */
export interface ObjectRef {
  readonly name: string;
  readonly uid: string;
}

/** Whom a token speaks for: a ServiceAccount in a namespace of a logical cluster, maybe bound to an object. */
export interface TokenSubject {
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly serviceAccount: ObjectRef;
  readonly pod?: ObjectRef;
  readonly secret?: ObjectRef;
  readonly node?: ObjectRef;
}

export interface IssueRequest extends TokenSubject {
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
}

export interface IssuedToken {
  readonly token: string;
  /** The token's `exp`, whole seconds; TokenRequest status.expirationTimestamp. */
  readonly expiresAt: Date;
}

/** What `verify` concludes: not one of ours (another authenticator may try), invalid, or valid. */
export type VerifyResult =
  | { readonly kind: 'notOurs' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | {
      readonly kind: 'valid';
      readonly subject: TokenSubject;
      /** The token's audiences that the verifier accepted. */
      readonly audiences: readonly string[];
      /** The `jti` claim ("" when absent). */
      readonly id: string;
    };

export interface TokenOptions {
  readonly privateKey: KeyObject;
  /** `iss` of issued tokens; tokens with another issuer are not ours. */
  readonly issuer?: string;
  /** The API server's audiences: the default of TokenRequest and what requests to the API accept. */
  readonly apiAudiences?: readonly string[];
  readonly now?: () => Date;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

const base64urlPattern = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): unknown {
  if (!base64urlPattern.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined; // not JSON: the caller reports the token as malformed
  }
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(
    `unsupported service account signing key: want an RSA or P-256 EC key, got ${String(key.asymmetricKeyType)}`,
  );
}

/** Upstream keyIDFromPublicKey: the unpadded base64url SHA-256 of the DER (PKIX) public key. */
function keyIdOf(publicKey: KeyObject): string {
  return base64url(
    createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest(),
  );
}

function optionalRef(value: unknown): ObjectRef | undefined | 'bad' {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.name !== 'string' || typeof value.uid !== 'string') return 'bad';
  return { name: value.name, uid: value.uid };
}

/** The subject from the private claims; a string says what is wrong. */
function subjectOf(claims: Record<string, unknown>): TokenSubject | string {
  const kube = claims[privateClaim];
  if (!isRecord(kube)) return `token has no "${privateClaim}" claim`;
  const serviceAccount = optionalRef(kube.serviceaccount);
  if (typeof kube.namespace !== 'string' || kube.namespace === '') return 'token names no namespace';
  if (serviceAccount === undefined || serviceAccount === 'bad' || serviceAccount.name === '') {
    return 'token names no service account';
  }
  const pod = optionalRef(kube.pod);
  const secret = optionalRef(kube.secret);
  const node = optionalRef(kube.node);
  if (pod === 'bad' || secret === 'bad' || node === 'bad') return 'token has a malformed bound object claim';
  const cluster = parseClusterName(typeof claims[clusterClaim] === 'string' ? claims[clusterClaim] : '');
  if (cluster === undefined) return 'token names no logical cluster';
  return {
    cluster,
    namespace: kube.namespace,
    serviceAccount,
    ...(pod === undefined ? {} : { pod }),
    ...(secret === undefined ? {} : { secret }),
    ...(node === undefined ? {} : { node }),
  };
}

function audiencesOf(aud: unknown): string[] | undefined {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.every((a): a is string => typeof a === 'string')) return aud;
  return undefined;
}

/** Upstream's audience message: Go's %q of a string slice. */
function quotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** Issues and verifies ServiceAccount tokens with one key pair. */
export class ServiceAccountTokens {
  readonly issuer: string;
  readonly apiAudiences: readonly string[];
  readonly algorithm: SigningAlgorithm;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly keyId: string;
  private readonly now: () => Date;

  constructor(options: TokenOptions) {
    this.privateKey = options.privateKey;
    this.algorithm = algorithmOf(options.privateKey);
    this.publicKey = createPublicKey(options.privateKey);
    this.keyId = keyIdOf(this.publicKey);
    this.issuer = options.issuer ?? defaultIssuer;
    this.apiAudiences = options.apiAudiences ?? [this.issuer];
    this.now = options.now ?? (() => new Date());
  }

  /** Signs a token for `request` (upstream Claims + GenerateToken); never throws for valid input. */
  issue(request: IssueRequest): IssuedToken {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiry = issuedAt + request.expirationSeconds;
    const claims = {
      // go-jose writes a single audience as a plain string.
      aud: request.audiences.length === 1 ? request.audiences[0] : request.audiences,
      exp: expiry,
      iat: issuedAt,
      iss: this.issuer,
      jti: randomUUID(),
      [privateClaim]: {
        namespace: request.namespace,
        ...(request.node === undefined ? {} : { node: request.node }),
        ...(request.pod === undefined ? {} : { pod: request.pod }),
        ...(request.secret === undefined ? {} : { secret: request.secret }),
        serviceaccount: request.serviceAccount,
      },
      nbf: issuedAt,
      sub: serviceAccountUsername(request.namespace, request.serviceAccount.name),
      [clusterClaim]: request.cluster,
    };
    const header = { alg: this.algorithm, kid: this.keyId };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: this.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return { token: `${signingInput}.${base64url(signature)}`, expiresAt: new Date(expiry * 1000) };
  }

  /**
   * Checks a bearer token: not ours unless it is a JWT whose `iss` is our issuer (so other token
   * authenticators may try it); then signature, validity window (60s leeway, as upstream) and audiences —
   * the token must share one with `audiences` (default: the API audiences). Never throws.
   */
  verify(token: string, audiences: readonly string[] = this.apiAudiences): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { kind: 'notOurs' };
    const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
    const claims = decodeSegment(payloadPart);
    if (!isRecord(claims) || claims.iss !== this.issuer) return { kind: 'notOurs' };
    const header = decodeSegment(headerPart);
    if (!isRecord(header) || !base64urlPattern.test(signaturePart)) {
      return { kind: 'invalid', reason: 'malformed token' };
    }
    if (header.alg !== this.algorithm) {
      return { kind: 'invalid', reason: `unexpected signing algorithm ${JSON.stringify(header.alg)}` };
    }
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      { key: this.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) return { kind: 'invalid', reason: 'token signature is invalid' };
    const timeProblem = this.checkTimes(claims);
    if (timeProblem !== undefined) return { kind: 'invalid', reason: timeProblem };
    const tokenAudiences = audiencesOf(claims.aud);
    if (tokenAudiences === undefined) return { kind: 'invalid', reason: 'token has a malformed audience' };
    const accepted = tokenAudiences.filter((a) => audiences.includes(a));
    if (accepted.length === 0) {
      return {
        kind: 'invalid',
        reason: `token audiences ${quotedList(tokenAudiences)} is invalid for the target audiences ${quotedList(audiences)}`,
      };
    }
    const subject = subjectOf(claims);
    if (typeof subject === 'string') return { kind: 'invalid', reason: subject };
    return {
      kind: 'valid',
      subject,
      audiences: accepted,
      id: typeof claims.jti === 'string' ? claims.jti : '',
    };
  }

  /** Upstream's messages for jwt.ErrExpired, ErrNotValidYet and ErrIssuedInTheFuture. */
  private checkTimes(claims: Record<string, unknown>): string | undefined {
    const now = this.now().getTime() / 1000;
    const { exp, nbf, iat } = claims;
    if (typeof exp !== 'number') return 'service account token has no expiry';
    if (nbf !== undefined && typeof nbf !== 'number') return 'malformed token';
    if (iat !== undefined && typeof iat !== 'number') return 'malformed token';
    if (nbf !== undefined && now + leewaySeconds < nbf) return 'service account token is not valid yet';
    if (now - leewaySeconds >= exp) return 'service account token has expired';
    if (iat !== undefined && now + leewaySeconds < iat)
      return 'service account token is issued in the future';
    return undefined;
  }
}

/** Upstream MakeUsername: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * Loads the token signing key from `<dataDir>/pki/sa.key`, creating a P-256 key there on first start.
 * An existing key may be EC P-256 (ES256) or RSA (RS256), in PKCS#8, SEC1 or PKCS#1 PEM (kubeadm's
 * sa.key works). Throws when the file holds anything else.
 */
export async function ensureServiceAccountKey(dataDir: string): Promise<KeyObject> {
  const dir = join(dataDir, 'pki');
  const path = join(dir, 'sa.key');
  if (!existsSync(path)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    try {
      // 'wx': never overwrite a key another process wrote meanwhile; then that key is the one to use.
      await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      return privateKey;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  const key = createPrivateKey(await readFile(path, 'utf8'));
  algorithmOf(key); // reject unsupported keys at start, not at the first token
  return key;
}
