// ServiceAccounts (#4, #5): tokens from `kubectl create token` (TokenRequest) used with nothing but
// `--token`, RBAC for ServiceAccount users, tokens that die with their ServiceAccount and stay in their
// logical cluster, the `default` ServiceAccount and `kube-root-ca.crt` in every namespace, and pods'
// ServiceAccount admission.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Kubectl, withoutKlog, type CommandResult } from '../support/kubectl.js';
import { TenancyHarness } from '../support/tenancy.js';

interface WhoAmI {
  status: {
    userInfo: { username: string; uid?: string; groups: string[]; extra?: Record<string, string[]> };
  };
}

interface TokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
  'tenancy.kubetenant.io/cluster': string;
}

// kubectl prints the token alone, without a newline.
const jwtOnly = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const unauthorized: CommandResult = {
  code: 1,
  stdout: '',
  stderr: 'error: You must be logged in to the server (Unauthorized)\n',
};

function claimsOf(token: string): TokenClaims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as TokenClaims;
}

describe('ServiceAccounts and their tokens', () => {
  let h: TenancyHarness;
  let workDir: string;
  let caFile: string;
  let emptyKubeconfig: string;
  const tokenKubectls: Kubectl[] = [];

  before(async () => {
    h = await TenancyHarness.start();
    workDir = await mkdtemp(join(tmpdir(), 'sa-tokens-'));
    caFile = join(workDir, 'ca.crt');
    await writeFile(caFile, await readFile(join(h.server.dataDir, 'pki', 'ca.crt')));
    // No user, no client certificate: the token flag is the only credential.
    emptyKubeconfig = join(workDir, 'empty.kubeconfig');
    await writeFile(emptyKubeconfig, 'apiVersion: v1\nkind: Config\n');
  });

  after(async () => {
    for (const kubectl of tokenKubectls) await rm(kubectl.cacheDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
    await h.stop();
  });

  /** Runs kubectl as the holder of `token` against `server` (default: the root cluster). */
  async function withToken(
    token: string,
    args: readonly string[],
    server = h.origin,
  ): Promise<CommandResult> {
    const kubectl = await Kubectl.create(emptyKubeconfig);
    tokenKubectls.push(kubectl);
    const flags = [`--server=${server}`, `--certificate-authority=${caFile}`, `--token=${token}`];
    return withoutKlog(await kubectl.run([...flags, ...args]));
  }

  async function whoami(token: string, server?: string): Promise<WhoAmI['status']['userInfo']> {
    const result = await withToken(token, ['auth', 'whoami', '-o', 'json'], server);
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as WhoAmI).status.userInfo;
  }

  async function createServiceAccount(kubectl: Kubectl, namespace: string, name: string): Promise<string> {
    await kubectl.ok(['create', 'namespace', namespace]);
    assert.equal(
      await kubectl.ok(['create', 'serviceaccount', name, '-n', namespace]),
      `serviceaccount/${name} created\n`,
    );
    return kubectl.ok(['get', 'serviceaccount', name, '-n', namespace, '-o', 'jsonpath={.metadata.uid}']);
  }

  it('kubectl create token prints a JWT that authenticates as the ServiceAccount', async () => {
    const uid = await createServiceAccount(h.admin, 'ns', 'bot');
    const printed = await h.admin.ok(['create', 'token', 'bot', '-n', 'ns']);
    assert.match(printed, jwtOnly);
    const token = printed;
    const claims = claimsOf(token);
    assert.equal(claims.sub, 'system:serviceaccount:ns:bot');
    assert.deepEqual(claims['kubernetes.io'], { namespace: 'ns', serviceaccount: { name: 'bot', uid } });
    assert.equal(claims['tenancy.kubetenant.io/cluster'], 'root');
    assert.equal(claims.exp - claims.iat, 3600);

    const user = await whoami(token);
    assert.deepEqual(
      { ...user, extra: { ...user.extra, 'authentication.kubernetes.io/credential-id': [] } },
      {
        username: 'system:serviceaccount:ns:bot',
        uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
        extra: {
          'authentication.kubernetes.io/credential-id': [],
          'tenancy.kubetenant.io/cluster': ['root'],
        },
      },
    );
    assert.match(
      user.extra?.['authentication.kubernetes.io/credential-id']?.[0] ?? '',
      /^JTI=[0-9a-f-]{36}$/,
    );
    const table = await withToken(token, ['auth', 'whoami']);
    assert.match(table.stdout, /^Username\s+system:serviceaccount:ns:bot$/m);
  });

  it('RBAC applies to the ServiceAccount user and to bindings naming it', async () => {
    await createServiceAccount(h.admin, 'team', 'reader');
    const token = (await h.admin.ok(['create', 'token', 'reader', '-n', 'team'])).trim();
    assert.deepEqual(await withToken(token, ['get', 'pods', '-n', 'team']), {
      code: 1,
      stdout: '',
      stderr:
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:team:reader" cannot list resource "pods" in API group "" in the namespace "team"\n',
    });
    await h.admin.ok([
      'create',
      'rolebinding',
      'reader-view',
      '--clusterrole=view',
      '--serviceaccount=team:reader',
      '-n',
      'team',
    ]);
    assert.deepEqual(await withToken(token, ['get', 'pods', '-n', 'team']), {
      code: 0,
      stdout: '',
      stderr: 'No resources found in team namespace.\n',
    });
  });

  it('a token dies with its ServiceAccount, also when one of the same name is created again', async () => {
    await createServiceAccount(h.admin, 'doomed', 'bot');
    const token = (await h.admin.ok(['create', 'token', 'bot', '-n', 'doomed'])).trim();
    assert.equal((await whoami(token)).username, 'system:serviceaccount:doomed:bot');

    await h.admin.ok(['delete', 'serviceaccount', 'bot', '-n', 'doomed']);
    assert.deepEqual(await withToken(token, ['auth', 'whoami']), unauthorized);

    await h.admin.ok(['create', 'serviceaccount', 'bot', '-n', 'doomed']);
    assert.deepEqual(await withToken(token, ['auth', 'whoami']), unauthorized);
    const fresh = (await h.admin.ok(['create', 'token', 'bot', '-n', 'doomed'])).trim();
    assert.equal((await whoami(fresh)).username, 'system:serviceaccount:doomed:bot');
  });

  it('kubectl create token refuses lifetimes under ten minutes and unknown ServiceAccounts, as upstream', async () => {
    await createServiceAccount(h.admin, 'lifetimes', 'bot');
    assert.deepEqual(await h.admin.run(['create', 'token', 'bot', '-n', 'lifetimes', '--duration=1m']), {
      code: 1,
      stdout: '',
      stderr:
        'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n',
    });
    const tenMinutes = claimsOf(
      (await h.admin.ok(['create', 'token', 'bot', '-n', 'lifetimes', '--duration=10m'])).trim(),
    );
    assert.equal(tenMinutes.exp - tenMinutes.iat, 600);
    const forVault = claimsOf(
      (await h.admin.ok(['create', 'token', 'bot', '-n', 'lifetimes', '--audience=vault'])).trim(),
    );
    assert.equal(forVault.aud, 'vault');
    assert.deepEqual(await h.admin.run(['create', 'token', 'ghost', '-n', 'lifetimes']), {
      code: 1,
      stdout: '',
      stderr: 'error: failed to create token: serviceaccounts "ghost" not found\n',
    });
  });

  it('a token for another audience is not accepted by the API server', async () => {
    await createServiceAccount(h.admin, 'audiences', 'bot');
    const token = (
      await h.admin.ok(['create', 'token', 'bot', '-n', 'audiences', '--audience=vault'])
    ).trim();
    assert.deepEqual(await withToken(token, ['auth', 'whoami']), unauthorized);
  });

  it('every namespace gets a default ServiceAccount and the kube-root-ca.crt ConfigMap, kept as they should be', async () => {
    await h.admin.ok(['create', 'namespace', 'fresh']);
    const firstUid = await eventually(
      () => h.admin.ok(['get', 'serviceaccount', 'default', '-n', 'fresh', '-o', 'jsonpath={.metadata.uid}']),
      { description: 'the default ServiceAccount of namespace fresh' },
    );
    const ca = await readFile(caFile, 'utf8');
    const published = () =>
      h.admin.ok(['get', 'configmap', 'kube-root-ca.crt', '-n', 'fresh', '-o', 'jsonpath={.data.ca\\.crt}']);
    assert.equal(await eventually(published, { description: 'kube-root-ca.crt in namespace fresh' }), ca);

    await h.admin.ok(['delete', 'serviceaccount', 'default', '-n', 'fresh']);
    await eventually(
      async () => {
        const uid = await h.admin.ok([
          'get',
          'serviceaccount',
          'default',
          '-n',
          'fresh',
          '-o',
          'jsonpath={.metadata.uid}',
        ]);
        assert.ok(uid !== '' && uid !== firstUid, 'a new default ServiceAccount');
      },
      { description: 'the default ServiceAccount recreated' },
    );

    await h.admin.ok(['delete', 'configmap', 'kube-root-ca.crt', '-n', 'fresh']);
    await eventually(async () => assert.equal(await published(), ca), {
      description: 'kube-root-ca.crt recreated',
    });
    await h.admin.ok([
      'patch',
      'configmap',
      'kube-root-ca.crt',
      '-n',
      'fresh',
      '--type=merge',
      '-p',
      '{"data":{"ca.crt":"tampered","extra":"x"}}',
    ]);
    await eventually(
      async () => {
        const data = await h.admin.ok([
          'get',
          'configmap',
          'kube-root-ca.crt',
          '-n',
          'fresh',
          '-o',
          'jsonpath={.data}',
        ]);
        assert.deepEqual(JSON.parse(data), { 'ca.crt': ca });
      },
      { description: 'kube-root-ca.crt reset' },
    );
  });

  it('pods run as the default ServiceAccount unless they name one, which must exist', async () => {
    // Right after the namespace is made: admission waits briefly for the controller's `default`.
    await h.admin.ok(['create', 'namespace', 'apps']);
    assert.equal(await h.admin.ok(['run', 'web', '--image=nginx', '-n', 'apps']), 'pod/web created\n');
    assert.equal(
      await h.admin.ok(['get', 'pod', 'web', '-n', 'apps', '-o', 'jsonpath={.spec.serviceAccountName}']),
      'default',
    );
    assert.deepEqual(
      await h.admin.run([
        'run',
        'ghost',
        '--image=nginx',
        '-n',
        'apps',
        '--overrides={"spec":{"serviceAccountName":"ghost"}}',
      ]),
      {
        code: 1,
        stdout: '',
        stderr:
          'Error from server (Forbidden): pods "ghost" is forbidden: error looking up service account apps/ghost: serviceaccount "ghost" not found\n',
      },
    );
    await h.admin.ok(['create', 'serviceaccount', 'builder', '-n', 'apps']);
    await h.admin.ok([
      'run',
      'build',
      '--image=nginx',
      '-n',
      'apps',
      '--overrides={"spec":{"serviceAccountName":"builder"}}',
    ]);
    assert.equal(
      await h.admin.ok(['get', 'pod', 'build', '-n', 'apps', '-o', 'jsonpath={.spec.serviceAccountName}']),
      'builder',
    );
  });

  describe('in logical clusters', () => {
    let acmeAdmin: Kubectl;

    before(async () => {
      await h.createTenant('acme', 'alice');
      await h.waitReady('acme');
      acmeAdmin = await h.redirected(
        { kubeconfig: h.server.kubeconfig, kubectl: h.admin },
        '/clusters/acme',
        'admin-acme',
      );
    });

    it("a cluster's namespaces get their default ServiceAccount and kube-root-ca.crt too", async () => {
      await eventually(
        async () => {
          assert.equal(
            await acmeAdmin.ok(['get', 'serviceaccount', 'default', '-n', 'kube-system', '-o', 'name']),
            'serviceaccount/default\n',
          );
          assert.equal(
            await acmeAdmin.ok(['get', 'configmap', 'kube-root-ca.crt', '-n', 'default', '-o', 'name']),
            'configmap/kube-root-ca.crt\n',
          );
        },
        { description: 'defaults in the acme cluster' },
      );
    });

    it('a token issued in one logical cluster works there and is refused in any other', async () => {
      await createServiceAccount(acmeAdmin, 'crossing', 'bot');
      await createServiceAccount(h.admin, 'crossing', 'bot');
      const token = (await acmeAdmin.ok(['create', 'token', 'bot', '-n', 'crossing'])).trim();
      assert.equal(claimsOf(token)['tenancy.kubetenant.io/cluster'], 'acme');
      const acmeUrl = h.clusterUrl('acme');
      const user = await whoami(token, acmeUrl);
      assert.equal(user.username, 'system:serviceaccount:crossing:bot');
      assert.deepEqual(user.extra?.['tenancy.kubetenant.io/cluster'], ['acme']);

      // The root cluster has a crossing/bot of its own, with another uid: still not this token's.
      const list = ['get', '--raw', '/api/v1/namespaces/crossing/serviceaccounts'];
      assert.deepEqual(await withToken(token, list), {
        code: 1,
        stdout: '',
        stderr:
          'Error from server (Forbidden): serviceaccounts is forbidden: User "system:serviceaccount:crossing:bot" cannot list resource "serviceaccounts" in API group "" in the namespace "crossing"\n',
      });
      const rootToken = (await h.admin.ok(['create', 'token', 'bot', '-n', 'crossing'])).trim();
      assert.deepEqual(await withToken(rootToken, list, acmeUrl), {
        code: 1,
        stdout: '',
        stderr:
          'Error from server (Forbidden): serviceaccounts is forbidden: User "system:serviceaccount:crossing:bot" cannot list resource "serviceaccounts" in API group "" in the namespace "crossing"\n',
      });
    });
  });
});
