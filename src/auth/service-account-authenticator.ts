import type { ClusterName, UserInfo } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { clusterContext, type Registry } from '../registry/index.js';
import {
  authenticatedGroup,
  bearerToken,
  clusterExtraKey,
  type AuthenticationResult,
  type Credentials,
} from './authentication.js';
import {
  serviceAccountUsername,
  type ObjectRef,
  type ServiceAccountTokens,
  type TokenSubject,
} from './service-account-tokens.js';

/** The kinds a token names: its ServiceAccount and what it may be bound to. */
export type BoundKind = 'ServiceAccount' | 'Pod' | 'Secret' | 'Node';

export interface LiveObject {
  readonly uid: string;
  /** deletionTimestamp is set: upstream treats the object as gone. */
  readonly deleting: boolean;
}

/** Reads the objects a token names, in the token's logical cluster. */
export interface BoundObjectReader {
  /** Resolves the object's uid and deletion state, or undefined when it does not exist; may reject on storage failure. */
  read(
    cluster: ClusterName,
    kind: BoundKind,
    namespace: string,
    name: string,
  ): Promise<LiveObject | undefined>;
}

const pluralOf: Record<BoundKind, string> = {
  ServiceAccount: 'serviceaccounts',
  Pod: 'pods',
  Secret: 'secrets',
  Node: 'nodes',
};

/** Reads through the registry as a system component of the token's cluster. */
export function registryObjectReader(registry: Registry): BoundObjectReader {
  // Lookups are single reads that finish on their own; nothing ever needs to cancel them.
  const signal = new AbortController().signal;
  return {
    async read(cluster, kind, namespace, name) {
      const rs = registry.preferred('', pluralOf[kind]);
      if (rs === undefined) throw new Error(`core resource ${pluralOf[kind]} is not registered`);
      const ctx = clusterContext(cluster, signal, 'serviceaccount-token-authenticator');
      try {
        const obj = await rs.get(ctx, kind === 'Node' ? '' : namespace, name);
        return { uid: obj.metadata.uid ?? '', deleting: obj.metadata.deletionTimestamp !== undefined };
      } catch (error) {
        if (isStatusError(error, 'NotFound')) return undefined;
        throw error;
      }
    },
  };
}

/** User extras upstream sets for ServiceAccount tokens (AS pkg/authentication/serviceaccount/util.go). */
export const credentialIdExtraKey = 'authentication.kubernetes.io/credential-id';
const podNameExtraKey = 'authentication.kubernetes.io/pod-name';
const podUidExtraKey = 'authentication.kubernetes.io/pod-uid';
const nodeNameExtraKey = 'authentication.kubernetes.io/node-name';
const nodeUidExtraKey = 'authentication.kubernetes.io/node-uid';

/** What a token proves: a user (and the audiences it was accepted for), nothing (not ours), or a refusal. */
export type TokenReviewResult =
  | { readonly kind: 'authenticated'; readonly user: UserInfo; readonly audiences: readonly string[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'rejected'; readonly reason: string };

/** Upstream ServiceAccountInfo.UserInfo, plus the logical cluster the token is valid in. */
function userOf(subject: TokenSubject, tokenId: string): UserInfo {
  const { namespace, serviceAccount, pod, node } = subject;
  const extra: Record<string, string[]> = {};
  if (tokenId !== '') extra[credentialIdExtraKey] = [`JTI=${tokenId}`];
  if (pod !== undefined) {
    extra[podNameExtraKey] = [pod.name];
    extra[podUidExtraKey] = [pod.uid];
  }
  if (node !== undefined) {
    extra[nodeNameExtraKey] = [node.name];
    if (node.uid !== '') extra[nodeUidExtraKey] = [node.uid];
  }
  extra[clusterExtraKey] = [subject.cluster];
  return {
    name: serviceAccountUsername(namespace, serviceAccount.name),
    uid: serviceAccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, authenticatedGroup],
    extra,
  };
}

/**
 * Bearer tokens issued by TokenRequest. A token that is not one of ours (not a JWT, another issuer) is
 * left to the next authenticator; one of ours is accepted only if it verifies and everything it names
 * still exists with the uid it recorded — so a token dies with its ServiceAccount, and with the pod or
 * secret it is bound to (upstream pkg/serviceaccount/claims.go validator). The user carries the token's
 * logical cluster in its extra, which confines it to that cluster.
 */
export class ServiceAccountAuthenticator {
  constructor(
    private readonly tokens: ServiceAccountTokens,
    private readonly objects: BoundObjectReader,
    private readonly logger?: Logger,
  ) {}

  /** Runs once per request carrying a bearer token; never rejects (a storage failure is a 'rejected'). */
  async authenticate(credentials: Credentials): Promise<AuthenticationResult> {
    const token = bearerToken(credentials.authorization);
    if (token === undefined) return { kind: 'none' };
    const result = await this.review(token);
    switch (result.kind) {
      case 'authenticated':
        return { kind: 'authenticated', user: result.user };
      case 'none':
        return result;
      case 'rejected':
        this.logger?.debug('service account token rejected', { reason: result.reason });
        return { kind: 'rejected' };
    }
  }

  /** TokenReview's question: whom `token` names for `audiences` (default: the API audiences). */
  async review(token: string, audiences?: readonly string[]): Promise<TokenReviewResult> {
    const verified = this.tokens.verify(token, audiences);
    if (verified.kind === 'notOurs') return { kind: 'none' };
    if (verified.kind === 'invalid') return { kind: 'rejected', reason: verified.reason };
    let problem: string | undefined;
    try {
      problem = await this.checkBoundObjects(verified.subject);
    } catch (error) {
      problem = `could not look up the token's service account: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (problem !== undefined) return { kind: 'rejected', reason: problem };
    return {
      kind: 'authenticated',
      user: userOf(verified.subject, verified.id),
      audiences: verified.audiences,
    };
  }

  /** The first object the token names that is gone or was replaced, as upstream words it. */
  private async checkBoundObjects(subject: TokenSubject): Promise<string | undefined> {
    const checks: [BoundKind, string, ObjectRef | undefined][] = [
      ['ServiceAccount', 'service account', subject.serviceAccount],
      ['Pod', 'pod', subject.pod],
      ['Secret', 'secret', subject.secret],
    ];
    // A pod-bound token records the pod's node for information only; a node-bound one depends on it.
    if (subject.pod === undefined) checks.push(['Node', 'node', subject.node]);
    for (const [kind, noun, ref] of checks) {
      if (ref === undefined) continue;
      const namespace = kind === 'Node' ? '' : subject.namespace;
      const where = kind === 'Node' ? ref.name : `${namespace}/${ref.name}`;
      const live = await this.objects.read(subject.cluster, kind, namespace, ref.name);
      if (live === undefined) return `${noun} ${where} not found`;
      if (live.deleting) return `${noun} ${where} has been deleted`;
      // A node claim may lack the uid (the node was unknown when the token was issued).
      if ((kind !== 'Node' || ref.uid !== '') && live.uid !== ref.uid) {
        return `${noun} UID (${live.uid}) does not match claim (${ref.uid})`;
      }
    }
    return undefined;
  }
}
