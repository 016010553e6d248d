import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ServiceAccountAuthenticator,
  registryObjectReader,
} from '../../../src/auth/service-account-authenticator.js';
import { defaultIssuer, type IssueRequest } from '../../../src/auth/service-account-tokens.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import {
  cluster,
  pod,
  registryFixture,
  serviceAccount,
  tokenService,
  type RegistryFixture,
} from './service-account-fixtures.js';

const acme = cluster('acme');
const tokens = tokenService();

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

function tokenFor(sa: KubeObject, extra: Partial<IssueRequest> = {}): string {
  return tokens.issue({
    cluster: acme,
    namespace: sa.metadata.namespace ?? '',
    serviceAccount: { name: sa.metadata.name ?? '', uid: sa.metadata.uid ?? '' },
    audiences: [defaultIssuer],
    expirationSeconds: 3600,
    ...extra,
  }).token;
}

describe('ServiceAccount token authenticator', () => {
  let fixture: RegistryFixture;
  let authenticator: ServiceAccountAuthenticator;

  before(() => {
    fixture = registryFixture();
    authenticator = new ServiceAccountAuthenticator(tokens, registryObjectReader(fixture.registry));
  });
  after(() => fixture.close());

  it('authenticates as the ServiceAccount, confined to the cluster the token was issued in', async () => {
    const sa = await fixture.create(fixture.ctxIn(acme), 'serviceaccounts', serviceAccount('ns', 'bot'));
    const token = tokenFor(sa);
    const jti = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { jti: string };
    assert.deepEqual(await authenticator.authenticate(bearer(token)), {
      kind: 'authenticated',
      user: {
        name: 'system:serviceaccount:ns:bot',
        uid: sa.metadata.uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
        extra: {
          'authentication.kubernetes.io/credential-id': [`JTI=${jti.jti}`],
          'tenancy.kubetenant.io/cluster': ['acme'],
        },
      },
    });
  });

  it('has no opinion on requests without a bearer token or with a token that is not ours', async () => {
    assert.deepEqual(await authenticator.authenticate({}), { kind: 'none' });
    assert.deepEqual(await authenticator.authenticate(bearer('static-token-123')), { kind: 'none' });
    assert.deepEqual(await authenticator.authenticate({ authorization: 'Basic YTpi' }), { kind: 'none' });
  });

  it('rejects a token of ours that does not verify', async () => {
    const sa = await fixture.create(fixture.ctxIn(acme), 'serviceaccounts', serviceAccount('ns', 'forged'));
    const token = tokenFor(sa);
    const tampered = `${token.slice(0, -4)}AAAA`;
    assert.deepEqual(await authenticator.authenticate(bearer(tampered)), { kind: 'rejected' });
  });

  it('rejects the token once its ServiceAccount is deleted, and after it is recreated with a new uid', async () => {
    const ctx = fixture.ctxIn(acme);
    const sa = await fixture.create(ctx, 'serviceaccounts', serviceAccount('ns', 'short-lived'));
    const token = tokenFor(sa);
    assert.equal((await authenticator.authenticate(bearer(token))).kind, 'authenticated');
    await fixture.remove(ctx, 'serviceaccounts', 'ns', 'short-lived');
    assert.deepEqual(await authenticator.review(token), {
      kind: 'rejected',
      reason: 'service account ns/short-lived not found',
    });
    const recreated = await fixture.create(ctx, 'serviceaccounts', serviceAccount('ns', 'short-lived'));
    assert.notEqual(recreated.metadata.uid, sa.metadata.uid);
    assert.deepEqual(await authenticator.review(token), {
      kind: 'rejected',
      reason: `service account UID (${recreated.metadata.uid}) does not match claim (${sa.metadata.uid})`,
    });
    assert.equal((await authenticator.authenticate(bearer(tokenFor(recreated)))).kind, 'authenticated');
  });

  it('looks the ServiceAccount up in the token’s own cluster only', async () => {
    const sa = await fixture.create(
      fixture.ctxIn(cluster('globex')),
      'serviceaccounts',
      serviceAccount('ns', 'g'),
    );
    // Issued as if by acme, naming a ServiceAccount that exists only in globex.
    assert.deepEqual(await authenticator.review(tokenFor(sa)), {
      kind: 'rejected',
      reason: 'service account ns/g not found',
    });
  });

  it('binds a pod-bound token to the pod, adding its name and uid to the user', async () => {
    const ctx = fixture.ctxIn(acme);
    const sa = await fixture.create(ctx, 'serviceaccounts', serviceAccount('ns', 'runner'));
    const running = await fixture.create(ctx, 'pods', pod('ns', 'web', 'runner'));
    const token = tokenFor(sa, { pod: { name: 'web', uid: running.metadata.uid ?? '' } });
    const result = await authenticator.review(token);
    assert.equal(result.kind, 'authenticated');
    assert.deepEqual(result.user.extra['authentication.kubernetes.io/pod-name'], ['web']);
    assert.deepEqual(result.user.extra['authentication.kubernetes.io/pod-uid'], [running.metadata.uid]);
    await fixture.remove(ctx, 'pods', 'ns', 'web');
    assert.deepEqual(await authenticator.review(token), { kind: 'rejected', reason: 'pod ns/web not found' });
  });

  it('answers TokenReview for the audiences asked', async () => {
    const sa = await fixture.create(
      fixture.ctxIn(acme),
      'serviceaccounts',
      serviceAccount('ns', 'vault-client'),
    );
    const token = tokenFor(sa, { audiences: ['vault'] });
    assert.equal((await authenticator.review(token)).kind, 'rejected');
    const forVault = await authenticator.review(token, ['vault']);
    assert.equal(forVault.kind, 'authenticated');
    assert.deepEqual(forVault.audiences, ['vault']);
  });
});
