import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { callApi, collectWatch, loadConnection, type Connection } from '../support/api.js';
import { eventually } from '../support/eventually.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';

const configMaps = '/api/v1/namespaces/durable/configmaps';

async function createNamespace(connection: Connection): Promise<void> {
  const response = await callApi(connection, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'durable' },
  });
  assert.equal(response.status, 201);
}

interface Ack {
  readonly name: string;
  readonly revision: number;
}

/** Writes ConfigMaps from `workers` concurrent loops until stopped, recording every acknowledged one. */
function writeStream(connection: Connection, workers: number) {
  const acked: Ack[] = [];
  let stopped = false;
  let next = 0;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const name = `cm-${next++}`;
      try {
        const response = await callApi(connection, 'POST', configMaps, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name },
          data: { payload: 'x'.repeat(512) },
        });
        if (response.status === 201) {
          const body = response.body as { metadata: { resourceVersion: string } };
          acked.push({ name, revision: Number(body.metadata.resourceVersion) });
        }
      } catch {
        return; // the server was killed mid-request: this write was never acknowledged
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, loop));
  return {
    acked,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function listNames(connection: Connection): Promise<Set<string>> {
  const response = await callApi(connection, 'GET', configMaps);
  assert.equal(response.status, 200);
  const items = (response.body as { items: { metadata: { name: string } }[] }).items;
  return new Set(items.map((item) => item.metadata.name));
}

describe('durability', () => {
  const servers: RunningServer[] = [];
  after(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    if (servers[0] !== undefined) await removeDataDir(servers[0]);
  });

  it('keeps every acknowledged write across SIGKILL, and a watch resumes from an earlier resourceVersion', async () => {
    const first = await startServer();
    servers.push(first);
    const before = await loadConnection(first.kubeconfig);
    await createNamespace(before);
    const stream = writeStream(before, 16);
    await eventually(
      () => assert.ok(stream.acked.length >= 300, `only ${stream.acked.length} writes so far`),
      {
        timeoutMs: 60_000,
      },
    );
    await first.stop('SIGKILL');
    await stream.stop();
    const acknowledged = [...stream.acked];

    const second = await startServer({ dataDir: first.dataDir });
    servers.push(second);
    const connection = await loadConnection(second.kubeconfig);
    const present = await listNames(connection);
    const lost = acknowledged.filter((ack) => !present.has(ack.name));
    assert.deepEqual(lost, [], `${lost.length} acknowledged writes were lost`);

    const resumeFrom = [...acknowledged].sort((a, b) => a.revision - b.revision)[100];
    assert.ok(resumeFrom !== undefined);
    const events = await collectWatch(
      connection,
      `${configMaps}?watch=true&resourceVersion=${resumeFrom.revision}&timeoutSeconds=2`,
    );
    const seen = new Set(
      events.filter((e) => e.type === 'ADDED').map((e) => (e.object.metadata as { name: string }).name),
    );
    const missed = acknowledged.filter((ack) => ack.revision > resumeFrom.revision && !seen.has(ack.name));
    assert.deepEqual(missed, [], 'the resumed watch skipped acknowledged writes');
    assert.ok(
      events.every((e) => e.type === 'ADDED'),
      'only creations happened after the resume point',
    );
  });

  it('answers 410 Expired for a resourceVersion that compaction removed', async () => {
    const server = await startServer({ extraArgs: ['--etcd-compaction-interval', '300ms'] });
    servers.push(server);
    const connection = await loadConnection(server.kubeconfig);
    await createNamespace(connection);
    const created = await callApi(connection, 'POST', configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'early' },
    });
    const early = (created.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    // Keep writing until compaction has passed the early revision.
    await eventually(
      async () => {
        await callApi(
          connection,
          'PATCH',
          `${configMaps}/early`,
          { data: { t: String(Date.now()) } },
          {
            'content-type': 'application/merge-patch+json',
          },
        );
        const list = await callApi(
          connection,
          'GET',
          `${configMaps}?resourceVersion=${early}&resourceVersionMatch=Exact`,
        );
        assert.equal(list.status, 410);
        assert.deepEqual(
          {
            reason: (list.body as { reason: string }).reason,
            message: (list.body as { message: string }).message,
          },
          { reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' },
        );
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const events = await collectWatch(connection, `${configMaps}?watch=true&resourceVersion=${early}`);
    assert.equal(events.length, 1);
    const [error] = events;
    assert.equal(error?.type, 'ERROR');
    assert.equal(error?.object.code, 410);
    assert.equal(error?.object.reason, 'Expired');
    assert.match(
      String(error?.object.message),
      new RegExp(`^too old resource version: ${early} \\(\\d+\\)$`),
    );
  });
});
