// Namespace lifecycle (the namespace controller) and ownerReferences (the garbage collector).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Kubectl, type CommandResult } from '../support/kubectl.js';
import { configMap, documents, namespace, ownedByConfigMap, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';
import { parseTable } from '../support/table.js';

interface ObjectJson {
  metadata: {
    name: string;
    uid: string;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
    finalizers?: string[];
    ownerReferences?: Record<string, unknown>[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const hold = 'example.com/hold';
const removeFinalizers = JSON.stringify([{ op: 'remove', path: '/metadata/finalizers' }]);

function failure(stderr: string): CommandResult {
  return { code: 1, stdout: '', stderr: `${stderr}\n` };
}

describe('namespaces and garbage collection', () => {
  let server: RunningServer;
  let kubectl: Kubectl;

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    await kubectl.ok(['create', '--validate=false', '-f', '-'], documents(namespace('gc')));
  });

  after(async () => {
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const create = (...objects: Manifest[]): Promise<string> =>
    kubectl.ok(['create', '--validate=false', '-f', '-'], documents(...objects));

  async function getJson(...args: string[]): Promise<ObjectJson> {
    return JSON.parse(await kubectl.ok(['get', ...args, '-o', 'json'])) as ObjectJson;
  }

  async function assertNotFound(resource: string, name: string, ns?: string): Promise<void> {
    const where = ns === undefined ? [] : ['-n', ns];
    assert.deepEqual(
      await kubectl.run(['get', resource, name, ...where]),
      failure(`Error from server (NotFound): ${resource} "${name}" not found`),
    );
  }

  /** Creates `owner` and dependents referring to it; returns the owner's uid. */
  async function ownerWithDependents(
    prefix: string,
    dependents: string[],
    extra: Manifest = {},
  ): Promise<string> {
    await create(configMap('gc', `${prefix}-owner`));
    const uid = (await getJson('cm', `${prefix}-owner`, '-n', 'gc')).metadata.uid;
    await create(
      ...dependents.map((name) =>
        configMap('gc', name, { ownerReferences: [ownedByConfigMap(`${prefix}-owner`, uid, extra)] }),
      ),
    );
    return uid;
  }

  describe('namespace lifecycle', () => {
    it('deleting a namespace removes it and everything in it', async () => {
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'token', namespace: 'doomed' },
        stringData: { k: 'v' },
      };
      await create(namespace('doomed'), configMap('doomed', 'one'), configMap('doomed', 'two'), secret);
      // kubectl waits until the namespace is gone.
      assert.deepEqual(await kubectl.run(['delete', 'ns', 'doomed']), {
        code: 0,
        stdout: 'namespace "doomed" deleted\n',
        stderr: '',
      });
      await assertNotFound('namespaces', 'doomed');
      assert.deepEqual(await kubectl.run(['get', 'cm,secrets', '-n', 'doomed']), {
        code: 0,
        stdout: '',
        stderr: 'No resources found in doomed namespace.\n',
      });
      // A namespace of the same name starts empty: nothing was left behind under the old one (the
      // kube-root-ca.crt ConfigMap the ServiceAccount controller adds to every namespace aside).
      await create(namespace('doomed'));
      const leftovers = [
        'get',
        'cm,secrets',
        '-n',
        'doomed',
        '-o',
        'name',
        '--field-selector',
        'metadata.name!=kube-root-ca.crt',
      ];
      assert.deepEqual(await kubectl.run(leftovers), {
        code: 0,
        stdout: '',
        stderr: '',
      });
    });

    it('a terminating namespace refuses new content until the last finalizer is removed', async () => {
      await create(
        namespace('held'),
        configMap('held', 'anchor', { finalizers: [hold] }),
        configMap('held', 'loose'),
      );
      assert.deepEqual(await kubectl.run(['delete', 'ns', 'held', '--wait=false']), {
        code: 0,
        stdout: 'namespace "held" deleted\n',
        stderr: '',
      });

      const table = parseTable(await kubectl.ok(['get', 'ns', 'held']));
      assert.deepEqual(table.columns, ['NAME', 'STATUS', 'AGE']);
      assert.deepEqual(
        table.rows.map((row) => [row.NAME, row.STATUS]),
        [['held', 'Terminating']],
      );

      assert.deepEqual(
        await kubectl.run(['create', '--validate=false', '-f', '-'], documents(configMap('held', 'y'))),
        failure(
          'Error from server (Forbidden): error when creating "STDIN": configmaps "y" is forbidden: ' +
            'unable to create new content in namespace held because it is being terminated',
        ),
      );

      // Content without finalizers goes; the held ConfigMap stays, marked for deletion.
      await eventually(() => assertNotFound('configmaps', 'loose', 'held'), { description: 'loose deleted' });
      const anchor = await getJson('cm', 'anchor', '-n', 'held');
      assert.ok(anchor.metadata.deletionTimestamp, 'anchor is being deleted');
      assert.deepEqual(anchor.metadata.finalizers, [hold]);
      assert.equal((await getJson('ns', 'held')).status?.phase, 'Terminating');

      assert.deepEqual(
        await kubectl.run(['patch', 'cm', 'anchor', '-n', 'held', '--type=json', '-p', removeFinalizers]),
        { code: 0, stdout: 'configmap/anchor patched\n', stderr: '' },
      );
      await eventually(() => assertNotFound('namespaces', 'held'), {
        timeoutMs: 20_000,
        description: 'namespace held removed',
      });
    });

    it('a terminating namespace reports the finalizers it waits for in its conditions', async () => {
      await create(namespace('stuck'), configMap('stuck', 'anchor', { finalizers: [hold] }));
      await kubectl.ok(['delete', 'ns', 'stuck', '--wait=false']);
      try {
        // Upstream's namespace controller (pkg/controller/namespace/deletion) sets these conditions.
        await eventually(
          async () => {
            const conditions = (await getJson('ns', 'stuck')).status?.conditions ?? [];
            const remaining = conditions.find((c) => c.type === 'NamespaceFinalizersRemaining');
            assert.deepEqual(
              remaining && { status: remaining.status, reason: remaining.reason, message: remaining.message },
              {
                status: 'True',
                reason: 'SomeFinalizersRemain',
                message: `Some content in the namespace has finalizers remaining: ${hold} in 1 resource instances`,
              },
              JSON.stringify(conditions),
            );
          },
          { description: 'NamespaceFinalizersRemaining condition' },
        );
      } finally {
        await kubectl.run(['patch', 'cm', 'anchor', '-n', 'stuck', '--type=json', '-p', removeFinalizers]);
      }
    });

    it('a namespace marked for deletion carries a deletionTimestamp but no grace period', async () => {
      await create(namespace('marked'), configMap('marked', 'anchor', { finalizers: [hold] }));
      await kubectl.ok(['delete', 'ns', 'marked', '--wait=false']);
      try {
        const marked = await getJson('ns', 'marked');
        assert.match(marked.metadata.deletionTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        // Upstream's namespace REST Delete sets only deletionTimestamp and phase (no graceful deletion).
        assert.equal(marked.metadata.deletionGracePeriodSeconds, undefined);
      } finally {
        await kubectl.run(['patch', 'cm', 'anchor', '-n', 'marked', '--type=json', '-p', removeFinalizers]);
      }
    });

    for (const name of ['default', 'kube-system', 'kube-public']) {
      it(`the ${name} namespace may not be deleted`, async () => {
        assert.deepEqual(
          await kubectl.run(['delete', 'ns', name]),
          failure(
            `Error from server (Forbidden): namespaces "${name}" is forbidden: this namespace may not be deleted`,
          ),
        );
        assert.equal((await getJson('ns', name)).status?.phase, 'Active');
      });
    }
  });

  describe('ownerReferences', () => {
    it('deleting an owner (background, the default) collects its dependents', async () => {
      await ownerWithDependents('bg', ['bg-a', 'bg-b']);
      assert.deepEqual(await kubectl.run(['delete', 'cm', 'bg-owner', '-n', 'gc']), {
        code: 0,
        stdout: 'configmap "bg-owner" deleted from gc namespace\n',
        stderr: '',
      });
      await eventually(
        async () => {
          await assertNotFound('configmaps', 'bg-a', 'gc');
          await assertNotFound('configmaps', 'bg-b', 'gc');
        },
        { description: 'dependents collected' },
      );
    });

    it('--cascade=orphan keeps the dependents and strips their ownerReferences', async () => {
      await ownerWithDependents('or', ['or-a', 'or-b']);
      // kubectl waits for the owner to go, which happens only after its dependents were orphaned.
      assert.deepEqual(await kubectl.run(['delete', 'cm', 'or-owner', '-n', 'gc', '--cascade=orphan']), {
        code: 0,
        stdout: 'configmap "or-owner" deleted from gc namespace\n',
        stderr: '',
      });
      await assertNotFound('configmaps', 'or-owner', 'gc');
      for (const name of ['or-a', 'or-b']) {
        const dependent = await getJson('cm', name, '-n', 'gc');
        assert.equal(dependent.metadata.ownerReferences, undefined, name);
      }
    });

    it('--cascade=foreground deletes the dependents before the owner', async () => {
      await ownerWithDependents('fg', ['fg-a', 'fg-b']);
      assert.deepEqual(await kubectl.run(['delete', 'cm', 'fg-owner', '-n', 'gc', '--cascade=foreground']), {
        code: 0,
        stdout: 'configmap "fg-owner" deleted from gc namespace\n',
        stderr: '',
      });
      // The owner is gone only once its dependents are.
      await assertNotFound('configmaps', 'fg-owner', 'gc');
      await assertNotFound('configmaps', 'fg-a', 'gc');
      await assertNotFound('configmaps', 'fg-b', 'gc');
    });

    it('a foreground deletion waits for a blocking dependent held by a finalizer', async () => {
      await create(configMap('gc', 'block-owner'));
      const uid = (await getJson('cm', 'block-owner', '-n', 'gc')).metadata.uid;
      const ref = ownedByConfigMap('block-owner', uid, { blockOwnerDeletion: true });
      await create(configMap('gc', 'block-dep', { ownerReferences: [ref], finalizers: [hold] }));

      await kubectl.ok(['delete', 'cm', 'block-owner', '-n', 'gc', '--cascade=foreground', '--wait=false']);
      await eventually(
        async () => {
          const dependent = await getJson('cm', 'block-dep', '-n', 'gc');
          assert.ok(dependent.metadata.deletionTimestamp, 'dependent is being deleted');
        },
        { description: 'dependent marked for deletion' },
      );
      const owner = await getJson('cm', 'block-owner', '-n', 'gc');
      assert.ok(owner.metadata.deletionTimestamp, 'owner is being deleted');
      assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);

      await kubectl.ok(['patch', 'cm', 'block-dep', '-n', 'gc', '--type=json', '-p', removeFinalizers]);
      await eventually(
        async () => {
          await assertNotFound('configmaps', 'block-dep', 'gc');
          await assertNotFound('configmaps', 'block-owner', 'gc');
        },
        { description: 'dependent, then owner, deleted' },
      );
    });

    it('a dependent whose owner never existed is collected', async () => {
      const ghost = ownedByConfigMap('ghost', '00000000-0000-4000-8000-000000000000');
      await create(configMap('gc', 'haunted', { ownerReferences: [ghost] }));
      await eventually(() => assertNotFound('configmaps', 'haunted', 'gc'), {
        description: 'haunted collected',
      });
    });

    it('a dependent with a surviving owner keeps it and loses only the deleted one', async () => {
      await create(configMap('gc', 'first-owner'), configMap('gc', 'second-owner'));
      const first = (await getJson('cm', 'first-owner', '-n', 'gc')).metadata.uid;
      const second = (await getJson('cm', 'second-owner', '-n', 'gc')).metadata.uid;
      await create(
        configMap('gc', 'shared', {
          ownerReferences: [ownedByConfigMap('first-owner', first), ownedByConfigMap('second-owner', second)],
        }),
      );
      await kubectl.ok(['delete', 'cm', 'first-owner', '-n', 'gc']);
      await eventually(
        async () => {
          const shared = await getJson('cm', 'shared', '-n', 'gc');
          assert.deepEqual(shared.metadata.ownerReferences, [ownedByConfigMap('second-owner', second)]);
        },
        { description: 'dangling reference removed' },
      );
    });
  });
});
