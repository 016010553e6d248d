import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  defaultIssuer,
  ensureServiceAccountKey,
  ServiceAccountTokens,
  type IssueRequest,
} from '../../../src/auth/service-account-tokens.js';
import { cluster, ecKey, ManualClock, tokenService } from './service-account-fixtures.js';

const request: IssueRequest = {
  cluster: cluster('acme'),
  namespace: 'ns',
  serviceAccount: { name: 'bot', uid: 'sa-uid' },
  audiences: [defaultIssuer],
  expirationSeconds: 3600,
};

function segments(token: string): [Record<string, unknown>, Record<string, unknown>] {
  const [header = '', payload = ''] = token.split('.');
  const decode = (s: string) =>
    JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return [decode(header), decode(payload)];
}

/** Re-encodes the payload with `change` applied, keeping the original header and signature. */
function withPayload(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header = '', , signature = ''] = token.split('.');
  const claims = segments(token)[1];
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('ServiceAccount tokens: issuing', () => {
  it('writes the upstream claims plus the logical cluster, signed ES256 with a key id', () => {
    const clock = new ManualClock();
    const tokens = tokenService({ now: clock.now });
    const issued = tokens.issue({ ...request, pod: { name: 'p', uid: 'pod-uid' } });
    const [header, claims] = segments(issued.token);
    assert.equal(header.alg, 'ES256');
    assert.match(String(header.kid), /^[A-Za-z0-9_-]{43}$/);
    const issuedAt = clock.now().getTime() / 1000;
    assert.deepEqual(
      { ...claims, jti: typeof claims.jti },
      {
        aud: defaultIssuer,
        exp: issuedAt + 3600,
        iat: issuedAt,
        iss: defaultIssuer,
        jti: 'string',
        'kubernetes.io': {
          namespace: 'ns',
          pod: { name: 'p', uid: 'pod-uid' },
          serviceaccount: { name: 'bot', uid: 'sa-uid' },
        },
        nbf: issuedAt,
        sub: 'system:serviceaccount:ns:bot',
        'tenancy.kubetenant.io/cluster': 'acme',
      },
    );
    assert.equal(issued.expiresAt.getTime(), (issuedAt + 3600) * 1000);
  });

  it('writes several audiences as a list', () => {
    const issued = tokenService().issue({ ...request, audiences: ['a', 'b'] });
    assert.deepEqual(segments(issued.token)[1].aud, ['a', 'b']);
  });

  it('signs RS256 with an RSA key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const tokens = new ServiceAccountTokens({ privateKey: rsa });
    const issued = tokens.issue(request);
    assert.equal(segments(issued.token)[0].alg, 'RS256');
    assert.equal(tokens.verify(issued.token).kind, 'valid');
  });

  it('refuses keys it cannot sign JWTs with', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    assert.throws(
      () => new ServiceAccountTokens({ privateKey: p384 }),
      /unsupported service account signing key/,
    );
  });
});

describe('ServiceAccount tokens: verifying', () => {
  it('accepts its own token and returns the subject, the accepted audiences and the token id', () => {
    const tokens = tokenService();
    const issued = tokens.issue({ ...request, audiences: [defaultIssuer, 'vault'] });
    const result = tokens.verify(issued.token);
    assert.equal(result.kind, 'valid');
    assert.deepEqual(result.subject, {
      cluster: 'acme',
      namespace: 'ns',
      serviceAccount: { name: 'bot', uid: 'sa-uid' },
    });
    assert.deepEqual(result.audiences, [defaultIssuer]);
    assert.equal(result.id, segments(issued.token)[1].jti);
  });

  it('leaves tokens that are not JWTs of its issuer to other authenticators', () => {
    const tokens = tokenService();
    const foreign = tokenService({ issuer: 'https://elsewhere.example' }).issue(request).token;
    for (const token of ['static-token', 'a.b', 'a.b.c.d', foreign, 'x.not-json.y']) {
      assert.deepEqual(tokens.verify(token), { kind: 'notOurs' }, token);
    }
  });

  it('rejects a token signed by another key', () => {
    const other = new ServiceAccountTokens({
      privateKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey,
    });
    assert.deepEqual(tokenService().verify(other.issue(request).token), {
      kind: 'invalid',
      reason: 'token signature is invalid',
    });
  });

  it('rejects a token whose claims were changed after signing', () => {
    const tokens = tokenService();
    const forged = withPayload(tokens.issue(request).token, (claims) => {
      claims['tenancy.kubetenant.io/cluster'] = 'globex';
    });
    assert.deepEqual(tokens.verify(forged), { kind: 'invalid', reason: 'token signature is invalid' });
  });

  it('rejects a token whose header announces another algorithm', () => {
    const tokens = tokenService();
    const [, payload = '', signature = ''] = tokens.issue(request).token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    assert.deepEqual(tokens.verify(`${header}.${payload}.${signature}`), {
      kind: 'invalid',
      reason: 'unexpected signing algorithm "none"',
    });
  });

  it('rejects a malformed header or signature once the issuer is ours', () => {
    const tokens = tokenService();
    const [, payload = '', signature = ''] = tokens.issue(request).token.split('.');
    assert.deepEqual(tokens.verify(`%%%.${payload}.${signature}`), {
      kind: 'invalid',
      reason: 'malformed token',
    });
    assert.deepEqual(tokens.verify(`e30.${payload}.sig+nature`), {
      kind: 'invalid',
      reason: 'malformed token',
    });
  });

  it('rejects an expired token, allowing upstream’s minute of clock skew', () => {
    const clock = new ManualClock();
    const tokens = tokenService({ now: clock.now });
    const { token } = tokens.issue({ ...request, expirationSeconds: 600 });
    clock.advanceSeconds(600 + 59);
    assert.equal(tokens.verify(token).kind, 'valid');
    clock.advanceSeconds(1);
    assert.deepEqual(tokens.verify(token), { kind: 'invalid', reason: 'service account token has expired' });
  });

  it('rejects a token that is not valid yet', () => {
    const clock = new ManualClock();
    const tokens = tokenService({ now: clock.now });
    clock.advanceSeconds(120);
    const { token } = tokens.issue(request);
    clock.advanceSeconds(-120);
    assert.deepEqual(tokens.verify(token), {
      kind: 'invalid',
      reason: 'service account token is not valid yet',
    });
  });

  it('rejects a token for other audiences, with upstream’s message', () => {
    const tokens = tokenService();
    const { token } = tokens.issue({ ...request, audiences: ['vault'] });
    assert.deepEqual(tokens.verify(token), {
      kind: 'invalid',
      reason: `token audiences ["vault"] is invalid for the target audiences ["${defaultIssuer}"]`,
    });
    const forVault = tokens.verify(token, ['vault', 'other']);
    assert.equal(forVault.kind, 'valid');
    assert.deepEqual(forVault.audiences, ['vault']);
  });

  it('rejects a validly signed token without the claims it needs', () => {
    const tokens = tokenService();
    const original = tokens.issue(request).token;
    const cases: [string, (claims: Record<string, unknown>) => void][] = [
      ['token names no logical cluster', (c) => delete c['tenancy.kubetenant.io/cluster']],
      ['token has no "kubernetes.io" claim', (c) => delete c['kubernetes.io']],
      ['service account token has no expiry', (c) => delete c.exp],
    ];
    for (const [reason, change] of cases) {
      const resigned = resign(withPayload(original, change));
      assert.deepEqual(tokens.verify(resigned), { kind: 'invalid', reason });
    }
  });
});

/** Signs a token's header and payload again with the fixtures' key, as a forger holding the key could. */
function resign(token: string): string {
  const [header = '', payload = ''] = token.split('.');
  const signature = signWithFixtureKey(`${header}.${payload}`);
  return `${header}.${payload}.${signature}`;
}

function signWithFixtureKey(input: string): string {
  return sign('sha256', Buffer.from(input), { key: ecKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
}

describe('ServiceAccount signing key', () => {
  it('is created as <data-dir>/pki/sa.key on first start, readable by the owner only, then reused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sa-key-'));
    const first = await ensureServiceAccountKey(dataDir);
    const path = join(dataDir, 'pki', 'sa.key');
    assert.ok(existsSync(path));
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.match(await readFile(path, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const second = await ensureServiceAccountKey(dataDir);
    assert.deepEqual(
      second.export({ type: 'pkcs8', format: 'der' }),
      first.export({ type: 'pkcs8', format: 'der' }),
    );
  });

  it('uses an RSA key in PKCS#1 PEM, as kubeadm writes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sa-key-'));
    await mkdir(join(dataDir, 'pki'));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await writeFile(join(dataDir, 'pki', 'sa.key'), rsa.export({ type: 'pkcs1', format: 'pem' }));
    const key = await ensureServiceAccountKey(dataDir);
    assert.equal(new ServiceAccountTokens({ privateKey: key }).algorithm, 'RS256');
    assert.deepEqual(createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })).asymmetricKeyType, 'rsa');
  });
});
