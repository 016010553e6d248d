// Authentication and RBAC (#4) with kubectl acting as static-token users: a namespace admin confined to its
// namespace, escalation prevention, `auth can-i`, impersonation, `auth whoami`, the bootstrap roles and
// their aggregation, non-resource URLs, anonymous requests, access reviews, and the audit log.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { withoutKlog, type CommandResult, type Kubectl } from '../support/kubectl.js';
import { documents, type Manifest } from '../support/manifests.js';
import { parseTable } from '../support/table.js';
import { TokenUserServer, type TokenUser } from '../support/token-users.js';

const users: readonly TokenUser[] = [
  { name: 'alice', uid: 'alice-uid', token: 'alice-token' }, // admin in `team`
  { name: 'victor', uid: 'victor-uid', token: 'victor-token' }, // view in `team`
  { name: 'eddie', uid: 'eddie-uid', token: 'eddie-token' }, // edit in `team`
  { name: 'gina', uid: 'gina-uid', token: 'gina-token', groups: ['devs', 'qa'] }, // view in `team` via group devs
  { name: 'mallory', uid: 'mallory-uid', token: 'mallory-token' }, // no bindings at all
  { name: 'ivan', uid: 'ivan-uid', token: 'ivan-token' }, // may impersonate users, nothing else
  { name: 'mona', uid: 'mona-uid', token: 'mona-token' }, // gets /metrics in its test
];

function failure(stderr: string): CommandResult {
  return { code: 1, stdout: '', stderr: `${stderr}\n` };
}

function forbidden(message: string): CommandResult {
  return failure(`Error from server (Forbidden): ${message}`);
}

/** The escalation check's message (upstream ConfirmNoEscalation), with the missing rules one per line. */
function escalation(user: string, ...missing: string[]): string {
  return `user "${user}" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`;
}

function clusterRole(name: string, labels: Record<string, string>, rules: Manifest[]): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels },
    rules,
  };
}

const readOnly = ['get', 'list', 'watch'];

/** Waits until `kubectl auth can-i ARGS` answers yes for `kubectl` (RBAC changes reach the authorizer through a watch). */
function untilAllowed(kubectl: Kubectl, ...args: string[]): Promise<void> {
  return eventually(
    async () => {
      const answer = await kubectl.run(['auth', 'can-i', ...args]);
      if (answer.stdout !== 'yes\n')
        throw new Error(`can-i ${args.join(' ')}: ${answer.stdout}${answer.stderr}`);
    },
    { description: `can-i ${args.join(' ')}` },
  );
}

describe('RBAC with token users', () => {
  let h: TokenUserServer;
  let alice: Kubectl;

  before(async () => {
    h = await TokenUserServer.start(users);
    alice = h.as('alice');
    const admin = (...args: string[]) => h.admin.ok(args);
    await admin('create', 'namespace', 'team');
    await admin('create', 'namespace', 'other');
    await admin('create', 'rolebinding', 'alice-admin', '--clusterrole=admin', '--user=alice', '-n', 'team');
    await admin('create', 'rolebinding', 'victor-view', '--clusterrole=view', '--user=victor', '-n', 'team');
    await admin('create', 'rolebinding', 'eddie-edit', '--clusterrole=edit', '--user=eddie', '-n', 'team');
    await admin('create', 'rolebinding', 'devs-view', '--clusterrole=view', '--group=devs', '-n', 'team');
    await admin('create', 'quota', 'q', '--hard=pods=10', '-n', 'team');
    await admin('create', 'configmap', 'elsewhere', '--from-literal=k=v', '-n', 'other');
    await untilAllowed(alice, 'create', 'deployments', '-n', 'team');
    await untilAllowed(h.as('victor'), 'list', 'pods', '-n', 'team');
    await untilAllowed(h.as('eddie'), 'create', 'secrets', '-n', 'team');
    await untilAllowed(h.as('gina'), 'list', 'pods', '-n', 'team');
  });

  after(async () => {
    await h.stop();
  });

  describe('a namespace admin (RoleBinding to ClusterRole admin in team)', () => {
    it('creates deployments, configmaps, roles and bindings to edit, view and its own roles', async () => {
      assert.equal(
        await alice.ok(['create', 'deployment', 'web', '--image=nginx', '-n', 'team']),
        'deployment.apps/web created\n',
      );
      assert.equal(
        await alice.ok(['create', 'configmap', 'settings', '--from-literal=color=blue', '-n', 'team']),
        'configmap/settings created\n',
      );
      assert.equal(
        await alice.ok(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', 'team']),
        'role.rbac.authorization.k8s.io/pod-reader created\n',
      );
      for (const [name, ref] of [
        ['frank-edit', '--clusterrole=edit'],
        ['grace-view', '--clusterrole=view'],
        ['henry-reads', '--role=pod-reader'],
      ] as const) {
        assert.equal(
          await alice.ok(['create', 'rolebinding', name, ref, `--user=${name.split('-')[0]}`, '-n', 'team']),
          `rolebinding.rbac.authorization.k8s.io/${name} created\n`,
        );
      }
      assert.equal(
        await alice.ok([
          'get',
          'deployment/web',
          'configmap/settings',
          'role/pod-reader',
          '-n',
          'team',
          '-o',
          'name',
        ]),
        'deployment.apps/web\nconfigmap/settings\nrole.rbac.authorization.k8s.io/pod-reader\n',
      );
      await untilAllowed(h.admin, 'update', 'deployments', '-n', 'team', '--as=frank');
    });

    it('reads its ResourceQuota but cannot patch, update or delete it', async () => {
      assert.equal(
        await alice.ok(['get', 'quota', 'q', '-n', 'team', '-o', 'jsonpath={.spec.hard.pods}']),
        '10',
      );
      const denied = (verb: string) =>
        `resourcequotas "q" is forbidden: User "alice" cannot ${verb} resource "resourcequotas" in API group "" in the namespace "team"`;
      assert.deepEqual(
        await alice.run(['patch', 'quota', 'q', '-n', 'team', '-p', '{"spec":{"hard":{"pods":"100"}}}']),
        forbidden(denied('patch')),
      );
      const raised = {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'q', namespace: 'team' },
        spec: { hard: { pods: '100' } },
      };
      assert.deepEqual(
        await alice.run(['replace', '-f', '-'], documents(raised)),
        forbidden(`error when replacing "STDIN": ${denied('update')}`),
      );
      assert.deepEqual(await alice.run(['delete', 'quota', 'q', '-n', 'team']), forbidden(denied('delete')));
      assert.equal(
        await h.admin.ok(['get', 'quota', 'q', '-n', 'team', '-o', 'jsonpath={.spec.hard.pods}']),
        '10',
      );
    });

    it('cannot see other namespaces', async () => {
      assert.deepEqual(
        await alice.run(['get', 'pods', '-n', 'other']),
        forbidden(
          'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "other"',
        ),
      );
      assert.deepEqual(
        await alice.run(['get', 'configmap', 'elsewhere', '-n', 'other']),
        forbidden(
          'configmaps "elsewhere" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "other"',
        ),
      );
      assert.deepEqual(
        await alice.run(['get', 'pods', '--all-namespaces']),
        forbidden(
          'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope',
        ),
      );
    });

    it('cannot see cluster-scoped resources', async () => {
      assert.deepEqual(
        await alice.run(['get', 'nodes']),
        forbidden(
          'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
        ),
      );
      assert.deepEqual(
        await alice.run(['get', 'ns']),
        forbidden(
          'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope',
        ),
      );
      assert.deepEqual(
        await alice.run(['get', 'clusterrole', 'admin']),
        forbidden(
          'clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "alice" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
        ),
      );
    });

    it('cannot bind itself to cluster-admin', async () => {
      assert.deepEqual(
        await alice.run([
          'create',
          'rolebinding',
          'more',
          '--clusterrole=cluster-admin',
          '--user=alice',
          '-n',
          'team',
        ]),
        failure(
          `error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "more" is forbidden: ${escalation(
            'alice',
            '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}',
            '{NonResourceURLs:["*"], Verbs:["*"]}',
          )}`,
        ),
      );
    });

    it('cannot create a Role with every verb on every resource', async () => {
      const everything = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'everything', namespace: 'team' },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
      };
      assert.deepEqual(
        await alice.run(['create', '-f', '-'], documents(everything)),
        forbidden(
          `error when creating "STDIN": roles.rbac.authorization.k8s.io "everything" is forbidden: ${escalation(
            'alice',
            '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}',
          )}`,
        ),
      );
    });

    it('cannot widen a Role it owns beyond its own rights', async () => {
      await alice.ok(['create', 'role', 'widen', '--verb=get', '--resource=configmaps', '-n', 'team']);
      const addNodes =
        '[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["nodes"],"verbs":["get"]}}]';
      assert.deepEqual(
        await alice.run(['patch', 'role', 'widen', '-n', 'team', '--type=json', '-p', addNodes]),
        forbidden(
          `roles.rbac.authorization.k8s.io "widen" is forbidden: ${escalation(
            'alice',
            '{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
          )}`,
        ),
      );
    });

    it('cannot create ClusterRoleBindings or ClusterRoles', async () => {
      assert.deepEqual(
        await alice.run(['create', 'clusterrolebinding', 'alice-view', '--clusterrole=view', '--user=alice']),
        failure(
          'error: failed to create clusterrolebinding: clusterrolebindings.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope',
        ),
      );
      assert.deepEqual(
        await alice.run(['create', 'clusterrole', 'mine', '--verb=get', '--resource=pods']),
        forbidden(
          'clusterroles.rbac.authorization.k8s.io is forbidden: User "alice" cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
        ),
      );
    });
  });

  describe('kubectl auth can-i', () => {
    it('answers yes with exit code 0 and no with exit code 1', async () => {
      assert.deepEqual(await alice.run(['auth', 'can-i', 'create', 'deployments', '-n', 'team']), {
        code: 0,
        stdout: 'yes\n',
        stderr: '',
      });
      for (const args of [
        ['create', 'deployments', '-n', 'other'],
        ['update', 'resourcequotas', '-n', 'team'],
      ]) {
        assert.deepEqual(
          await alice.run(['auth', 'can-i', ...args]),
          { code: 1, stdout: 'no\n', stderr: '' },
          args.join(' '),
        );
      }
      // Without -n kubectl asks in the kubeconfig's namespace and warns for cluster-scoped resources.
      for (const [resource, warning] of [
        ['nodes', "resource 'nodes' is not namespace scoped"],
        [
          'clusterrolebindings.rbac.authorization.k8s.io',
          "resource 'clusterrolebindings' is not namespace scoped in group 'rbac.authorization.k8s.io'",
        ],
      ] as const) {
        assert.deepEqual(
          await alice.run(['auth', 'can-i', 'list', resource]),
          { code: 1, stdout: 'no\n', stderr: `Warning: ${warning}\n\n` },
          resource,
        );
      }
    });

    it('--list -n team prints the rules of every binding that applies', async () => {
      const table = parseTable(await alice.ok(['auth', 'can-i', '--list', '-n', 'team']));
      assert.deepEqual(table.columns, ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
      const verbsOf = (resource: string): string[] => {
        const row = table.rows.find((r) => r.Resources === resource);
        assert.ok(row, `no row for ${resource}`);
        assert.equal(row['Non-Resource URLs'], '[]');
        assert.equal(row['Resource Names'], '[]');
        return (row.Verbs ?? '')
          .replace(/^\[|\]$/g, '')
          .split(' ')
          .sort();
      };
      const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
      assert.deepEqual(verbsOf('deployments.apps'), all);
      assert.deepEqual(verbsOf('rolebindings.rbac.authorization.k8s.io'), all);
      assert.deepEqual(verbsOf('resourcequotas'), readOnly);
      assert.deepEqual(verbsOf('selfsubjectaccessreviews.authorization.k8s.io'), ['create']);
      const nonResource = table.rows.filter((r) => r.Resources === '').map((r) => r['Non-Resource URLs']);
      // system:discovery and system:public-info-viewer both grant /healthz; kubectl prints each rule.
      assert.deepEqual(
        nonResource.filter((url) => url === '[/healthz]'),
        ['[/healthz]', '[/healthz]'],
      );
      assert.ok(nonResource.includes('[/apis/*]'), JSON.stringify(nonResource));
      assert.ok(!table.rows.some((r) => r.Resources === 'nodes'), 'no rule for nodes');
    });

    it('answers for another user with --as, and for a group with --as-group', async () => {
      const canI = (...args: string[]) => h.admin.run(['auth', 'can-i', ...args]);
      assert.equal((await canI('list', 'pods', '-n', 'team', '--as=victor')).stdout, 'yes\n');
      assert.deepEqual(await canI('list', 'secrets', '-n', 'team', '--as=victor'), {
        code: 1,
        stdout: 'no\n',
        stderr: '',
      });
      assert.deepEqual(await canI('list', 'pods', '-n', 'team', '--as=nobody'), {
        code: 1,
        stdout: 'no\n',
        stderr: '',
      });
      assert.equal(
        (await canI('list', 'pods', '-n', 'team', '--as=nobody', '--as-group=devs')).stdout,
        'yes\n',
      );
    });
  });

  describe('impersonation and kubectl auth whoami', () => {
    it('whoami prints a token user with its uid and groups', async () => {
      assert.equal(
        await alice.ok(['auth', 'whoami']),
        'ATTRIBUTE   VALUE\nUsername    alice\nUID         alice-uid\nGroups      [system:authenticated]\n',
      );
      const gina = JSON.parse(await h.as('gina').ok(['auth', 'whoami', '-o', 'json'])) as {
        kind: string;
        apiVersion: string;
        status: { userInfo: unknown };
      };
      assert.equal(gina.kind, 'SelfSubjectReview');
      assert.equal(gina.apiVersion, 'authentication.k8s.io/v1');
      assert.deepEqual(gina.status.userInfo, {
        username: 'gina',
        uid: 'gina-uid',
        groups: ['devs', 'qa', 'system:authenticated'],
      });
    });

    it('whoami prints the impersonated user, groups and uid', async () => {
      assert.equal(
        await h.admin.ok(['auth', 'whoami', '--as=bob', '--as-group=devs', '--as-uid=bob-1']),
        'ATTRIBUTE   VALUE\nUsername    bob\nUID         bob-1\nGroups      [devs system:authenticated]\n',
      );
      assert.equal(
        await h.admin.ok(['auth', 'whoami']),
        'ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [system:masters system:authenticated]\n',
      );
    });

    it('refuses a user without the impersonate verb', async () => {
      assert.deepEqual(
        await h.as('mallory').run(['get', '--raw', '/api/v1/namespaces/team/pods', '--as=alice']),
        forbidden(
          'users "alice" is forbidden: User "mallory" cannot impersonate resource "users" in API group "" at the cluster scope',
        ),
      );
      assert.deepEqual(
        await h
          .as('mallory')
          .run(['get', '--raw', '/api/v1/namespaces/team/pods', '--as=system:serviceaccount:team:default']),
        forbidden(
          'serviceaccounts "default" is forbidden: User "mallory" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team"',
        ),
      );
    });

    it('checks groups and uids separately from users', async () => {
      await h.admin.ok([
        'create',
        'clusterrole',
        'impersonate-users',
        '--verb=impersonate',
        '--resource=users',
      ]);
      await h.admin.ok([
        'create',
        'clusterrolebinding',
        'ivan-impersonates',
        '--clusterrole=impersonate-users',
        '--user=ivan',
      ]);
      const ivan = h.as('ivan');
      await eventually(
        async () => assert.match(await ivan.ok(['auth', 'whoami', '--as=alice']), /^Username\s+alice$/m),
        {
          description: 'ivan may impersonate users',
        },
      );
      assert.deepEqual(
        await ivan.run(['get', '--raw', '/api/v1/namespaces/team/pods', '--as=alice', '--as-group=devs']),
        forbidden(
          'groups "devs" is forbidden: User "ivan" cannot impersonate resource "groups" in API group "" at the cluster scope',
        ),
      );
      assert.deepEqual(
        await ivan.run(['get', '--raw', '/api/v1/namespaces/team/pods', '--as=alice', '--as-uid=u-1']),
        forbidden(
          'uids.authentication.k8s.io "u-1" is forbidden: User "ivan" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
        ),
      );
      // Impersonating alice gives alice's rights, not ivan's.
      assert.equal(
        await ivan.ok(['auth', 'can-i', 'create', 'deployments', '-n', 'team', '--as=alice']),
        'yes\n',
      );
    });
  });

  describe('bootstrap roles', () => {
    it('view reads pods but not secrets', async () => {
      const victor = h.as('victor');
      assert.deepEqual(await victor.run(['get', 'pods', '-n', 'team']), {
        code: 0,
        stdout: '',
        stderr: 'No resources found in team namespace.\n',
      });
      assert.deepEqual(
        await victor.run(['get', 'secrets', '-n', 'team']),
        forbidden(
          'secrets is forbidden: User "victor" cannot list resource "secrets" in API group "" in the namespace "team"',
        ),
      );
    });

    it('edit creates secrets and deployments but not roles or rolebindings', async () => {
      const eddie = h.as('eddie');
      assert.equal(
        await eddie.ok(['create', 'secret', 'generic', 'token', '--from-literal=k=v', '-n', 'team']),
        'secret/token created\n',
      );
      assert.deepEqual(
        await eddie.run(['create', 'role', 'reader', '--verb=get', '--resource=pods', '-n', 'team']),
        forbidden(
          'roles.rbac.authorization.k8s.io is forbidden: User "eddie" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "team"',
        ),
      );
      assert.deepEqual(
        await eddie.run([
          'create',
          'rolebinding',
          'eddie-admin',
          '--clusterrole=admin',
          '--user=eddie',
          '-n',
          'team',
        ]),
        failure(
          'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io is forbidden: User "eddie" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "team"',
        ),
      );
    });

    it('a binding to a group applies to its members', async () => {
      assert.equal((await h.as('gina').run(['get', 'pods', '-n', 'team'])).code, 0);
      assert.deepEqual(
        await h.as('gina').run(['get', 'pods', '-n', 'other']),
        forbidden(
          'pods is forbidden: User "gina" cannot list resource "pods" in API group "" in the namespace "other"',
        ),
      );
    });

    it('a ClusterRole labelled aggregate-to-view extends what view allows', async () => {
      const victor = h.as('victor');
      assert.deepEqual(
        await victor.run(['get', 'podtemplates', '-n', 'team']),
        forbidden(
          'podtemplates is forbidden: User "victor" cannot list resource "podtemplates" in API group "" in the namespace "team"',
        ),
      );
      const rule = { apiGroups: [''], resources: ['podtemplates'], verbs: readOnly };
      await h.admin.ok(
        ['create', '-f', '-'],
        documents(
          clusterRole('podtemplates-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, [rule]),
        ),
      );
      await eventually(
        async () => {
          const listed = await victor.run(['get', 'podtemplates', '-n', 'team']);
          assert.equal(listed.code, 0, listed.stderr);
        },
        { description: 'view aggregates podtemplates' },
      );
    });

    it('the aggregation controller writes the aggregated rules into view, edit and admin', async () => {
      const rule = { apiGroups: ['storage.k8s.io'], resources: ['csistoragecapacities'], verbs: readOnly };
      await h.admin.ok(
        ['create', '-f', '-'],
        documents(
          clusterRole('capacities-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, [rule]),
        ),
      );
      // Upstream's ClusterRoleAggregation controller fills `rules` of every ClusterRole with an aggregationRule;
      // edit selects view (aggregate-to-edit) and admin selects edit (aggregate-to-admin).
      for (const role of ['view', 'edit', 'admin']) {
        await eventually(
          async () => {
            const rules = JSON.parse(
              await h.admin.ok(['get', 'clusterrole', role, '-o', 'jsonpath={.rules}']),
            ) as unknown[];
            assert.ok(
              rules.some((r) => JSON.stringify(r) === JSON.stringify(rule)),
              `${role} rules lack ${JSON.stringify(rule)}`,
            );
          },
          { description: `${role} lists the aggregated rule` },
        );
      }
    });
  });

  describe('non-resource URLs and anonymous requests', () => {
    it('anonymous requests read the health and version endpoints', async () => {
      for (const path of ['/healthz', '/livez', '/readyz']) {
        assert.deepEqual(
          await h.anonymous.run(['get', '--raw', path]),
          { code: 0, stdout: 'ok', stderr: '' },
          path,
        );
      }
      const version = JSON.parse(await h.anonymous.ok(['get', '--raw', '/version'])) as { major: string };
      assert.equal(version.major, '1');
    });

    it('/metrics needs a binding', async () => {
      const mona = h.as('mona');
      assert.deepEqual(
        await mona.run(['get', '--raw', '/metrics']),
        forbidden('forbidden: User "mona" cannot get path "/metrics"'),
      );
      await h.admin.ok([
        'create',
        'clusterrole',
        'metrics-reader',
        '--verb=get',
        '--non-resource-url=/metrics',
      ]);
      await h.admin.ok([
        'create',
        'clusterrolebinding',
        'mona-metrics',
        '--clusterrole=metrics-reader',
        '--user=mona',
      ]);
      await eventually(async () => assert.match(await mona.ok(['get', '--raw', '/metrics']), /^# TYPE /m), {
        description: 'mona reads /metrics',
      });
      assert.equal(await mona.ok(['auth', 'can-i', 'get', '/metrics']), 'yes\n');
      assert.deepEqual(
        await h.anonymous.run(['get', '--raw', '/metrics']),
        forbidden('forbidden: User "system:anonymous" cannot get path "/metrics"'),
      );
    });

    it('anonymous kubectl get pods is Forbidden for system:anonymous', async () => {
      const listPods = ['get', '--raw', '/api/v1/namespaces/default/pods'];
      assert.deepEqual(
        await h.anonymous.run(listPods),
        forbidden(
          'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
        ),
      );
      // `kubectl get pods` needs discovery first, which anonymous may not read; client-go's discovery reads the
      // 403 body as unstructured, so upstream kubectl says only "unknown" (after klog lines from memcache.go).
      assert.deepEqual(withoutKlog(await h.anonymous.run(['get', 'pods'])), forbidden('unknown'));
      // Discovery is for authenticated users only (system:discovery is bound to system:authenticated).
      assert.deepEqual(
        await h.anonymous.run(['get', '--raw', '/api']),
        forbidden('forbidden: User "system:anonymous" cannot get path "/api"'),
      );
      assert.deepEqual(
        await h.anonymous.run(['auth', 'whoami']),
        failure(
          'error: the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it',
        ),
      );
    });
  });

  describe('access reviews', () => {
    interface Review {
      status: { allowed: boolean; reason?: string };
    }
    const review = (kind: string, spec: Manifest, metadata: Manifest = {}): string =>
      documents({ apiVersion: 'authorization.k8s.io/v1', kind, metadata, spec });

    it('SubjectAccessReview answers for any user, with the RBAC reason', async () => {
      const ask = async (namespace: string): Promise<Review['status']> => {
        const spec = {
          user: 'alice',
          resourceAttributes: { namespace, verb: 'create', group: 'apps', resource: 'deployments' },
        };
        const created = await h.admin.ok(
          ['create', '-f', '-', '-o', 'json'],
          review('SubjectAccessReview', spec),
        );
        return (JSON.parse(created) as Review).status;
      };
      assert.deepEqual(await ask('team'), {
        allowed: true,
        reason: 'RBAC: allowed by RoleBinding "alice-admin/team" of ClusterRole "admin" to User "alice"',
      });
      assert.deepEqual(await ask('other'), { allowed: false });
    });

    it('LocalSubjectAccessReview is open to a namespace admin in its namespace', async () => {
      const spec = {
        user: 'victor',
        resourceAttributes: { namespace: 'team', verb: 'list', resource: 'pods' },
      };
      // kubectl validates kinds without a PATCH endpoint by listing CRDs, which alice may not do (upstream
      // kubectl behaviour), so validation is off.
      const created = await alice.ok(
        ['create', '--validate=false', '-f', '-', '-o', 'json'],
        review('LocalSubjectAccessReview', spec, { namespace: 'team' }),
      );
      assert.deepEqual((JSON.parse(created) as Review).status, {
        allowed: true,
        reason: 'RBAC: allowed by RoleBinding "victor-view/team" of ClusterRole "view" to User "victor"',
      });
      assert.deepEqual(
        await alice.run(['create', '--validate=false', '-f', '-'], review('SubjectAccessReview', spec)),
        forbidden(
          'error when creating "STDIN": subjectaccessreviews.authorization.k8s.io is forbidden: User "alice" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
        ),
      );
    });
  });
});

interface AuditEvent {
  kind: string;
  apiVersion: string;
  level: string;
  auditID: string;
  stage: string;
  verb: string;
  user: { username: string; uid?: string; groups?: string[] };
  objectRef?: Record<string, string>;
  responseStatus?: { metadata: object; code: number };
  requestObject?: { kind?: string; data?: Record<string, string> };
  responseObject?: { kind?: string; metadata?: { name?: string; uid?: string } };
  annotations?: Record<string, string>;
}

describe('audit log', () => {
  let h: TokenUserServer;
  let auditLog: string;

  before(async () => {
    h = await TokenUserServer.start(users.slice(0, 1), async (workDir) => {
      const policy = join(workDir, 'audit-policy.yaml');
      auditLog = join(workDir, 'audit.log');
      await writeFile(
        policy,
        [
          'apiVersion: audit.k8s.io/v1',
          'kind: Policy',
          'rules:',
          '- level: RequestResponse',
          '  resources:',
          '  - group: ""',
          '    resources: ["configmaps"]',
          '- level: Metadata',
          '',
        ].join('\n'),
      );
      return ['--audit-policy-file', policy, '--audit-log-path', auditLog];
    });
    await h.admin.ok(['create', 'namespace', 'team']);
    await h.admin.ok([
      'create',
      'rolebinding',
      'alice-admin',
      '--clusterrole=admin',
      '--user=alice',
      '-n',
      'team',
    ]);
    await untilAllowed(h.as('alice'), 'create', 'configmaps', '-n', 'team');
    assert.equal(
      await h.as('alice').ok(['create', 'configmap', 'audited', '--from-literal=k=v', '-n', 'team']),
      'configmap/audited created\n',
    );
  });

  after(async () => {
    await h.stop();
  });

  /** Audit events of alice's configmap creates, once the ResponseComplete one is in the file. */
  function aliceCreates(): Promise<AuditEvent[]> {
    return eventually(
      async () => {
        const events = (await readFile(auditLog, 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as AuditEvent)
          .filter(
            (e) =>
              e.user.username === 'alice' && e.verb === 'create' && e.objectRef?.resource === 'configmaps',
          );
        if (!events.some((e) => e.stage === 'ResponseComplete'))
          throw new Error('no ResponseComplete event yet');
        return events;
      },
      { description: "alice's create in the audit log" },
    );
  }

  it("records alice's configmap create as an audit.k8s.io/v1 Event with her user, the verb and 201", async () => {
    const complete = (await aliceCreates()).filter((e) => e.stage === 'ResponseComplete');
    assert.equal(complete.length, 1);
    const [event] = complete;
    assert.ok(event);
    assert.equal(event.kind, 'Event');
    assert.equal(event.apiVersion, 'audit.k8s.io/v1');
    assert.equal(event.level, 'RequestResponse');
    assert.deepEqual(event.user, { username: 'alice', uid: 'alice-uid', groups: ['system:authenticated'] });
    assert.equal(event.objectRef?.resource, 'configmaps');
    assert.equal(event.objectRef?.namespace, 'team');
    assert.equal(event.responseStatus?.code, 201);
    assert.equal(event.annotations?.['authorization.k8s.io/decision'], 'allow');
  });

  it('names the created object and keeps request and response bodies at RequestResponse', async () => {
    const event = (await aliceCreates()).find((e) => e.stage === 'ResponseComplete');
    assert.ok(event);
    // Upstream LogRequestObject fills the name from the decoded body (the URL of a create has none) and
    // re-encodes protobuf bodies as JSON; `apiGroup` is omitted when empty.
    assert.deepEqual(event.objectRef, {
      resource: 'configmaps',
      namespace: 'team',
      name: 'audited',
      apiVersion: 'v1',
    });
    assert.equal(event.requestObject?.kind, 'ConfigMap');
    assert.deepEqual(event.requestObject?.data, { k: 'v' });
    assert.equal(event.responseObject?.kind, 'ConfigMap');
    assert.equal(event.responseObject?.metadata?.name, 'audited');
    assert.equal(
      event.annotations?.['authorization.k8s.io/reason'],
      'RBAC: allowed by RoleBinding "alice-admin/team" of ClusterRole "admin" to User "alice"',
    );
  });

  it('logs the RequestReceived stage too, under the same auditID (no omitStages in the policy)', async () => {
    const events = await aliceCreates();
    const complete = events.find((e) => e.stage === 'ResponseComplete');
    assert.deepEqual(
      events.filter((e) => e.auditID === complete?.auditID).map((e) => e.stage),
      ['RequestReceived', 'ResponseComplete'],
    );
  });
});
