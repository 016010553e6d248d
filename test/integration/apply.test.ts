// Client-side `kubectl apply` and the kubectl commands that send strategic merge patches (set image, patch,
// rollout restart, taint), plus label/annotate (merge patches) and diff (a server dry-run patch).
// Expectations are upstream's: kubectl 1.35 against kube-apiserver (apimachinery strategicpatch).
// TODO(#3): drop --validate=false once /openapi/v2 and /openapi/v3 are served.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Kubectl, type CommandResult } from '../support/kubectl.js';
import { documents, namespace, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';

const ns = 'shop';
const lastAppliedKey = 'kubectl.kubernetes.io/last-applied-configuration';
const restartedAtKey = 'kubectl.kubernetes.io/restartedAt';

interface WebOptions {
  readonly image?: string;
  readonly labels?: Record<string, string>;
  readonly replicas?: number;
  readonly ports?: readonly number[];
  readonly env?: readonly (readonly [string, string])[];
  readonly sidecar?: boolean;
}

/** A Deployment manifest as a user writes it: nginx with two ports and two variables by default. */
function web(name: string, options: WebOptions = {}): Manifest {
  const nginx = {
    name: 'nginx',
    image: options.image ?? 'nginx:1.27',
    ports: (options.ports ?? [80, 443]).map((containerPort) => ({ containerPort })),
    env: (
      options.env ?? [
        ['GREETING', 'hello'],
        ['MODE', 'prod'],
      ]
    ).map(([envName, value]) => ({ name: envName, value })),
  };
  const sidecar = { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: options.labels ?? { app: name, tier: 'frontend' } },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: options.sidecar === true ? [nginx, sidecar] : [nginx] },
      },
    },
  };
}

interface Container {
  name: string;
  image: string;
  ports?: { containerPort: number }[];
  env?: { name: string; value?: string }[];
  command?: string[];
}

interface DeploymentJson {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    replicas: number;
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { containers: Container[] };
    };
  };
}

function line(text: string): string {
  return `${text}\n`;
}

describe('client-side apply and strategic merge patches through kubectl', () => {
  let server: RunningServer;
  let kubectl: Kubectl;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    await kubectl.ok(['create', '--validate=false', '-f', '-'], documents(namespace(ns)));
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const apply = (manifest: Manifest): Promise<CommandResult> =>
    kubectl.run(['apply', '--validate=false', '-f', '-'], documents(manifest));

  async function applied(manifest: Manifest): Promise<void> {
    await kubectl.ok(['apply', '--validate=false', '-f', '-'], documents(manifest));
  }

  async function deployment(name: string): Promise<DeploymentJson> {
    return JSON.parse(
      await kubectl.ok(['get', 'deployment', name, '-n', ns, '-o', 'json']),
    ) as DeploymentJson;
  }

  function nginxOf(object: DeploymentJson): Container {
    const container = object.spec.template.spec.containers.find((c) => c.name === 'nginx');
    assert.ok(container !== undefined, 'the nginx container is there');
    return container;
  }

  function lastApplied(object: DeploymentJson): unknown {
    const text = object.metadata.annotations?.[lastAppliedKey];
    assert.ok(text !== undefined, 'the last-applied annotation is set');
    return JSON.parse(text);
  }

  /** What kubectl records: the manifest with the annotation removed, leaving `annotations: {}`. */
  function recorded(manifest: Manifest): Manifest {
    const metadata = manifest.metadata as Manifest;
    return { ...manifest, metadata: { ...metadata, annotations: {} } };
  }

  describe('kubectl apply', () => {
    it('creates, records the manifest as last-applied, and leaves an unchanged manifest alone', async () => {
      const manifest = web('web');
      const created = await apply(manifest);
      assert.equal(created.stdout, line('deployment.apps/web created'), created.stderr);
      assert.equal(created.code, 0);
      assert.deepEqual(lastApplied(await deployment('web')), recorded(manifest));

      const again = await apply(manifest);
      assert.equal(again.stdout, line('deployment.apps/web unchanged'), again.stderr);
      assert.equal(again.code, 0);
    });

    it('changes an image, keeping ports and env, and updates last-applied', async () => {
      await applied(web('web-image'));
      const changed = web('web-image', { image: 'nginx:1.28' });
      const result = await apply(changed);
      assert.equal(result.stdout, line('deployment.apps/web-image configured'), result.stderr);
      assert.equal(result.code, 0);

      const live = await deployment('web-image');
      const nginx = nginxOf(live);
      assert.equal(nginx.image, 'nginx:1.28');
      assert.deepEqual(
        nginx.ports?.map((p) => p.containerPort),
        [80, 443],
      );
      assert.deepEqual(nginx.env, [
        { name: 'GREETING', value: 'hello' },
        { name: 'MODE', value: 'prod' },
      ]);
      assert.deepEqual(lastApplied(live), recorded(changed));
    });

    it('removes a label the manifest no longer has', async () => {
      await applied(web('web-labels'));
      const result = await apply(web('web-labels', { labels: { app: 'web-labels' } }));
      assert.equal(result.stdout, line('deployment.apps/web-labels configured'), result.stderr);
      assert.deepEqual((await deployment('web-labels')).metadata.labels, { app: 'web-labels' });
    });

    it('removes a container port and an env var the manifest dropped, keeping the others', async () => {
      await applied(web('web-lists'));
      const result = await apply(web('web-lists', { ports: [80], env: [['GREETING', 'hello']] }));
      assert.equal(result.stdout, line('deployment.apps/web-lists configured'), result.stderr);

      const nginx = nginxOf(await deployment('web-lists'));
      assert.deepEqual(
        nginx.ports?.map((p) => p.containerPort),
        [80],
      );
      assert.deepEqual(nginx.env, [{ name: 'GREETING', value: 'hello' }]);
      assert.equal(nginx.image, 'nginx:1.27');
    });

    it('adds a sidecar container after the existing one, merged by name', async () => {
      await applied(web('web-sidecar'));
      const result = await apply(web('web-sidecar', { sidecar: true }));
      assert.equal(result.stdout, line('deployment.apps/web-sidecar configured'), result.stderr);

      const containers = (await deployment('web-sidecar')).spec.template.spec.containers;
      assert.deepEqual(
        containers.map((c) => [c.name, c.image]),
        [
          ['nginx', 'nginx:1.27'],
          ['sidecar', 'busybox:1.36'],
        ],
      );
      assert.deepEqual(containers[1]?.command, ['sleep', 'infinity']);
    });

    it('patches the missing last-applied annotation onto an object made by create, with a warning', async () => {
      await kubectl.ok(['create', '--validate=false', '-f', '-'], documents(web('web-created')));
      const manifest = web('web-created', { replicas: 3 });
      const result = await apply(manifest);
      assert.equal(result.stdout, line('deployment.apps/web-created configured'), result.stderr);
      assert.match(
        result.stderr,
        /is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/,
      );

      const live = await deployment('web-created');
      assert.equal(live.spec.replicas, 3);
      assert.deepEqual(lastApplied(live), recorded(manifest));
    });
  });

  describe('kubectl diff', () => {
    it('prints nothing and exits 0 for an unchanged manifest', async () => {
      await applied(web('web-diff'));
      assert.deepEqual(await kubectl.run(['diff', '-f', '-'], documents(web('web-diff'))), {
        code: 0,
        stdout: '',
        stderr: '',
      });
    });

    it('prints a diff and exits 1 when the live object differs, changing nothing', async () => {
      await applied(web('web-diff-2'));
      const result = await kubectl.run(['diff', '-f', '-'], documents(web('web-diff-2', { replicas: 3 })));
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /^-\s+replicas: 2$/m);
      assert.match(result.stdout, /^\+\s+replicas: 3$/m);
      assert.equal((await deployment('web-diff-2')).spec.replicas, 2);
    });
  });

  describe('kubectl commands that send strategic merge patches', () => {
    it('set image changes one container image', async () => {
      await applied(web('web-set-image', { sidecar: true }));
      const result = await kubectl.run([
        'set',
        'image',
        'deployment/web-set-image',
        'nginx=nginx:1.28',
        '-n',
        ns,
      ]);
      assert.deepEqual(result, {
        code: 0,
        stdout: line('deployment.apps/web-set-image image updated'),
        stderr: '',
      });

      const containers = (await deployment('web-set-image')).spec.template.spec.containers;
      assert.deepEqual(
        containers.map((c) => [c.name, c.image]),
        [
          ['nginx', 'nginx:1.28'],
          ['sidecar', 'busybox:1.36'],
        ],
      );
    });

    it('patch (strategic by default) merges env into the existing container', async () => {
      await applied(web('web-patch'));
      const patch = {
        spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'A', value: '1' }] }] } } },
      };
      const result = await kubectl.run([
        'patch',
        'deployment',
        'web-patch',
        '-n',
        ns,
        '-p',
        JSON.stringify(patch),
      ]);
      assert.deepEqual(result, { code: 0, stdout: line('deployment.apps/web-patch patched'), stderr: '' });

      const live = await deployment('web-patch');
      assert.equal(live.spec.template.spec.containers.length, 1);
      const nginx = nginxOf(live);
      // Upstream puts list items the live list lacks before the ones the patch does not name.
      assert.deepEqual(nginx.env, [
        { name: 'A', value: '1' },
        { name: 'GREETING', value: 'hello' },
        { name: 'MODE', value: 'prod' },
      ]);
      assert.equal(nginx.image, 'nginx:1.27');
    });

    it('patch --type=strategic removes a container with $patch: delete', async () => {
      await applied(web('web-delete', { sidecar: true }));
      const patch = { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } };
      const result = await kubectl.run([
        'patch',
        'deployment',
        'web-delete',
        '-n',
        ns,
        '--type=strategic',
        '-p',
        JSON.stringify(patch),
      ]);
      assert.deepEqual(result, { code: 0, stdout: line('deployment.apps/web-delete patched'), stderr: '' });
      assert.deepEqual(
        (await deployment('web-delete')).spec.template.spec.containers.map((c) => c.name),
        ['nginx'],
      );
    });

    it('rollout restart adds the restartedAt annotation to the pod template', async () => {
      await applied(web('web-restart'));
      const result = await kubectl.run(['rollout', 'restart', 'deployment/web-restart', '-n', ns]);
      assert.deepEqual(result, {
        code: 0,
        stdout: line('deployment.apps/web-restart restarted'),
        stderr: '',
      });

      const annotations = (await deployment('web-restart')).spec.template.metadata.annotations ?? {};
      assert.match(annotations[restartedAtKey] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    });

    it('taint adds and removes node taints', async () => {
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
      const created = await kubectl.run(['create', '--validate=false', '-f', '-'], documents(node));
      assert.deepEqual(created, { code: 0, stdout: line('node/n1 created'), stderr: '' });

      const taint = (...args: string[]): Promise<CommandResult> =>
        kubectl.run(['taint', 'node', 'n1', ...args]);
      const taints = async (): Promise<unknown> =>
        (JSON.parse(await kubectl.ok(['get', 'node', 'n1', '-o', 'json'])) as { spec: { taints?: unknown } })
          .spec.taints;

      assert.deepEqual(await taint('key=value:NoSchedule'), {
        code: 0,
        stdout: line('node/n1 tainted'),
        stderr: '',
      });
      assert.deepEqual(await taints(), [{ key: 'key', value: 'value', effect: 'NoSchedule' }]);

      assert.deepEqual(await taint('other=x:PreferNoSchedule'), {
        code: 0,
        stdout: line('node/n1 tainted'),
        stderr: '',
      });
      // kubectl puts the taints it adds before the node's existing ones (taint/utils.go reorganizeTaints).
      assert.deepEqual(await taints(), [
        { key: 'other', value: 'x', effect: 'PreferNoSchedule' },
        { key: 'key', value: 'value', effect: 'NoSchedule' },
      ]);

      assert.deepEqual(await taint('key:NoSchedule-'), {
        code: 0,
        stdout: line('node/n1 untainted'),
        stderr: '',
      });
      assert.deepEqual(await taints(), [{ key: 'other', value: 'x', effect: 'PreferNoSchedule' }]);
    });
  });

  describe('kubectl label and annotate (merge patches)', () => {
    it('adds and removes a label and adds an annotation, keeping last-applied', async () => {
      await applied(web('web-meta'));
      const run = (...args: string[]): Promise<CommandResult> => kubectl.run([...args, '-n', ns]);

      assert.deepEqual(await run('label', 'deployment', 'web-meta', 'env=prod'), {
        code: 0,
        stdout: line('deployment.apps/web-meta labeled'),
        stderr: '',
      });
      assert.deepEqual(await run('annotate', 'deployment', 'web-meta', 'owner=team-a'), {
        code: 0,
        stdout: line('deployment.apps/web-meta annotated'),
        stderr: '',
      });
      let live = await deployment('web-meta');
      assert.deepEqual(live.metadata.labels, { app: 'web-meta', tier: 'frontend', env: 'prod' });
      assert.equal(live.metadata.annotations?.owner, 'team-a');
      assert.ok(live.metadata.annotations?.[lastAppliedKey] !== undefined);

      assert.deepEqual(await run('label', 'deployment', 'web-meta', 'tier-'), {
        code: 0,
        stdout: line('deployment.apps/web-meta unlabeled'),
        stderr: '',
      });
      live = await deployment('web-meta');
      assert.deepEqual(live.metadata.labels, { app: 'web-meta', env: 'prod' });
    });
  });
});
