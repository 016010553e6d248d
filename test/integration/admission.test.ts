// Built-in admission with the real kubectl: Pod Security, ResourceQuota (with its controller) and LimitRanger.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Kubectl, type CommandResult } from '../support/kubectl.js';
import { documents, namespace, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';

type Container = Record<string, unknown>;

/** A container that meets the restricted level, with extra fields (or securityContext entries) merged in. */
function restrictedContainer(security: Record<string, unknown> = {}, extra: Container = {}): Container {
  return {
    name: 'app',
    image: 'nginx',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...security },
    ...extra,
  };
}

function pod(ns: string, name: string, spec: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [restrictedContainer()],
      ...spec,
    },
  };
}

function quota(ns: string, name: string, hard: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: ns }, spec: { hard } };
}

function refused(message: string): CommandResult {
  return {
    code: 1,
    stdout: '',
    stderr: `Error from server (Forbidden): error when creating "STDIN": ${message}\n`,
  };
}

describe('admission: Pod Security, ResourceQuota, LimitRanger', () => {
  let server: RunningServer;
  let kubectl: Kubectl;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    await create(
      namespace('restricted', { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }),
      namespace('warned', { labels: { 'pod-security.kubernetes.io/warn': 'restricted' } }),
      namespace('quota'),
      namespace('burst'),
      namespace('limits'),
    );
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const create = (...objects: Manifest[]): Promise<string> =>
    kubectl.ok(['create', '--validate=false', '-f', '-'], documents(...objects));
  const tryCreate = (...objects: Manifest[]): Promise<CommandResult> =>
    kubectl.run(['create', '--validate=false', '-f', '-'], documents(...objects));

  describe('Pod Security restricted', () => {
    const violates = (name: string, detail: string): CommandResult =>
      refused(`pods "${name}" is forbidden: violates PodSecurity "restricted:latest": ${detail}`);

    it('refuses a privileged container', async () => {
      const privileged = {
        name: 'app',
        image: 'nginx',
        securityContext: { privileged: true, capabilities: { drop: ['ALL'] } },
      };
      assert.deepEqual(
        await tryCreate(pod('restricted', 'priv', { containers: [privileged] })),
        violates(
          'priv',
          'privileged (container "app" must not set securityContext.privileged=true), ' +
            'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        ),
      );
    });

    it('refuses hostPath volumes', async () => {
      const volumes = [{ name: 'host', hostPath: { path: '/var/run' } }];
      assert.deepEqual(
        await tryCreate(pod('restricted', 'hostpath', { volumes })),
        violates(
          'hostpath',
          'restricted volume types (volume "host" uses restricted volume type "hostPath")',
        ),
      );
    });

    it('refuses host namespaces', async () => {
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        const name = field.toLowerCase();
        assert.deepEqual(
          await tryCreate(pod('restricted', name, { [field]: true })),
          violates(name, `host namespaces (${field}=true)`),
        );
      }
    });

    it('refuses host ports', async () => {
      const ports = [{ containerPort: 80, hostPort: 8080 }];
      assert.deepEqual(
        await tryCreate(pod('restricted', 'hostport', { containers: [restrictedContainer({}, { ports })] })),
        violates('hostport', 'hostPort (container "app" uses hostPort 8080)'),
      );
    });

    it('refuses added capabilities', async () => {
      const capabilities = { drop: ['ALL'], add: ['NET_ADMIN'] };
      assert.deepEqual(
        await tryCreate(pod('restricted', 'caps', { containers: [restrictedContainer({ capabilities })] })),
        violates(
          'caps',
          'unrestricted capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)',
        ),
      );
    });

    it('refuses privilege escalation, allowed or left unset', async () => {
      const detail =
        'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)';
      const allowed = restrictedContainer({ allowPrivilegeEscalation: true });
      assert.deepEqual(
        await tryCreate(pod('restricted', 'escalate', { containers: [allowed] })),
        violates('escalate', detail),
      );
      const unset = { name: 'app', image: 'nginx', securityContext: { capabilities: { drop: ['ALL'] } } };
      assert.deepEqual(
        await tryCreate(pod('restricted', 'unset', { containers: [unset] })),
        violates('unset', detail),
      );
    });

    it('refuses runAsUser 0', async () => {
      assert.deepEqual(
        await tryCreate(pod('restricted', 'root', { containers: [restrictedContainer({ runAsUser: 0 })] })),
        violates('root', 'runAsUser=0 (container "app" must not set runAsUser=0)'),
      );
    });

    it('accepts a compliant pod', async () => {
      assert.equal(await create(pod('restricted', 'compliant')), 'pod/compliant created\n');
    });

    it('warns in a warn=restricted namespace', async () => {
      const result = await tryCreate(pod('warned', 'loose', { hostPID: true }));
      assert.deepEqual(result, {
        code: 0,
        stdout: 'pod/loose created\n',
        stderr: 'Warning: would violate PodSecurity "restricted:latest": host namespaces (hostPID=true)\n',
      });
    });

    it('warns about existing pods when enforce is raised on a namespace', async () => {
      const result = await kubectl.run([
        'label',
        'namespace',
        'warned',
        'pod-security.kubernetes.io/enforce=baseline',
      ]);
      assert.deepEqual(result, {
        code: 0,
        stdout: 'namespace/warned labeled\n',
        stderr:
          'Warning: existing pods in namespace "warned" violate the new PodSecurity enforce level "baseline:latest"\n' +
          'Warning: loose: host namespaces\n',
      });
    });

    it('refuses invalid Pod Security labels', async () => {
      assert.deepEqual(
        await kubectl.run([
          'label',
          'namespace',
          'warned',
          '--overwrite',
          'pod-security.kubernetes.io/enforce=strict',
        ]),
        {
          code: 1,
          stdout: '',
          stderr:
            'The Namespace "warned" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: ' +
            'Invalid value: "strict": must be one of privileged, baseline, restricted\n',
        },
      );
    });
  });

  describe('ResourceQuota', () => {
    const usedPods = (ns: string): Promise<string> =>
      kubectl.ok(['get', 'resourcequota', 'q', '-n', ns, '-o', 'jsonpath={.status.used.pods}']);

    it('refuses the pod past the limit with upstream’s message', async () => {
      await create(quota('quota', 'q', { pods: '2' }));
      await eventually(async () => assert.equal(await usedPods('quota'), '0'), {
        description: 'quota usage',
      });
      await create(pod('quota', 'p1'), pod('quota', 'p2'));
      assert.deepEqual(
        await tryCreate(pod('quota', 'p3')),
        refused(
          'pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
        ),
      );
      assert.equal(await usedPods('quota'), '2');
    });

    it('is never exceeded by concurrent creates', async () => {
      await create(quota('burst', 'q', { pods: '5' }));
      await eventually(async () => assert.equal(await usedPods('burst'), '0'), {
        description: 'quota usage',
      });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => tryCreate(pod('burst', `p${i}`))),
      );
      assert.equal(results.filter((r) => r.code === 0).length, 5);
      for (const r of results.filter((r) => r.code !== 0))
        assert.match(r.stderr, /exceeded quota: q, requested: pods=1/);
      const names = await kubectl.ok(['get', 'pods', '-n', 'burst', '-o', 'name']);
      assert.equal(names.trim().split('\n').length, 5);
      assert.equal(await usedPods('burst'), '5');
    });

    it('gives usage back when a pod is deleted', async () => {
      await kubectl.ok(['delete', 'pod', 'p1', '-n', 'quota', '--wait=false']);
      await eventually(async () => assert.equal(await usedPods('quota'), '1'), {
        description: 'released usage',
      });
      await create(pod('quota', 'p3'));
    });
  });

  describe('LimitRanger', () => {
    before(async () => {
      await create({
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'lr', namespace: 'limits' },
        spec: {
          limits: [
            {
              type: 'Container',
              default: { cpu: '300m', memory: '128Mi' },
              defaultRequest: { cpu: '100m' },
              max: { cpu: '1' },
            },
          ],
        },
      });
    });

    it('defaults container requests and limits', async () => {
      await create(pod('limits', 'defaulted'));
      const created = JSON.parse(
        await kubectl.ok(['get', 'pod', 'defaulted', '-n', 'limits', '-o', 'json']),
      ) as {
        metadata: { annotations: Record<string, string> };
        spec: { containers: { resources: unknown }[] };
      };
      assert.deepEqual(created.spec.containers[0]?.resources, {
        limits: { cpu: '300m', memory: '128Mi' },
        requests: { cpu: '100m', memory: '128Mi' },
      });
      assert.equal(
        created.metadata.annotations['kubernetes.io/limit-ranger'],
        'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app',
      );
    });

    it('refuses a limit above the maximum', async () => {
      const big = restrictedContainer({}, { resources: { limits: { cpu: '2' } } });
      assert.deepEqual(
        await tryCreate(pod('limits', 'huge', { containers: [big] })),
        refused('pods "huge" is forbidden: maximum cpu usage per Container is 1, but limit is 2'),
      );
    });
  });
});
