// Watches as kubectl uses them: `get -w`, `wait`, and raw watch streams.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { Kubectl } from '../support/kubectl.js';
import { configMap, documents, namespace, type Manifest } from '../support/manifests.js';
import { removeDataDir, startServer, type RunningServer } from '../support/server.js';

interface WatchEvent {
  type: string;
  object: {
    kind: string;
    metadata: { name?: string; resourceVersion: string; annotations?: Record<string, string> };
    data?: Record<string, string>;
  };
}

/** Resolves the exit code of a started kubectl. */
function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * The rows `get -w` prints: each event is flushed on its own, so later rows are not aligned with the
 * header; cells here never contain spaces, so whitespace splits them. The header comes first.
 */
function watchRows(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/));
}

function parseEvents(stdout: string): WatchEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WatchEvent);
}

describe('watch', () => {
  let server: RunningServer;
  let kubectl: Kubectl;
  const started: ChildProcess[] = [];

  before(async () => {
    server = await startServer();
    kubectl = await Kubectl.create(server.kubeconfig);
    const spaces = ['events', 'selected', 'waits', 'raw', 'replay', 'initial'].map((name) => namespace(name));
    await kubectl.ok(['create', '--validate=false', '-f', '-'], documents(...spaces));
  });

  after(async () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill();
    await server.stop();
    await removeDataDir(server);
    await rm(kubectl.cacheDir, { recursive: true, force: true });
  });

  const create = (...objects: Manifest[]): Promise<string> =>
    kubectl.ok(['create', '--validate=false', '-f', '-'], documents(...objects));

  /** Starts a long-running kubectl that `after` stops if the test does not. */
  function start(args: string[]): ReturnType<Kubectl['start']> {
    const watcher = kubectl.start(args);
    started.push(watcher.child);
    return watcher;
  }

  async function stop(child: ChildProcess): Promise<void> {
    const done = exited(child);
    child.kill();
    await done;
  }

  it('get -w --output-watch-events prints ADDED, MODIFIED and DELETED rows', async () => {
    await create(configMap('events', 'seed'));
    const watch = start(['get', 'cm', '-n', 'events', '-w', '--output-watch-events']);
    await eventually(() => assert.match(watch.output(), /^ADDED\s+seed\s/m), { description: 'initial list' });

    await create(configMap('events', 'changing', { data: { a: '1' } }));
    await kubectl.ok(['patch', 'cm', 'changing', '-n', 'events', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    await kubectl.ok(['delete', 'cm', 'changing', '-n', 'events']);
    await eventually(() => assert.match(watch.output(), /^DELETED\s+changing\s/m), {
      description: 'DELETED event',
    });
    await stop(watch.child);

    const [header, ...rows] = watchRows(watch.output());
    assert.deepEqual(header, ['EVENT', 'NAME', 'DATA', 'AGE']);
    for (const row of rows) assert.match(row[3] ?? '', /^\d+s$/, 'AGE');
    assert.deepEqual(
      rows.filter((row) => row[1] !== 'kube-root-ca.crt').map((row) => row.slice(0, 3)),
      [
        ['ADDED', 'seed', '0'],
        ['ADDED', 'changing', '1'],
        ['MODIFIED', 'changing', '2'],
        ['DELETED', 'changing', '2'],
      ],
    );
  });

  it('a label-selected watch sees objects leave and re-enter the selection', async () => {
    await create(configMap('selected', 'anchor', { labels: { team: 'a' } }));
    const watch = start(['get', 'cm', '-n', 'selected', '-l', 'team=a', '-w', '--output-watch-events']);
    await eventually(() => assert.match(watch.output(), /^ADDED\s+anchor\s/m), {
      description: 'initial list',
    });

    await create(configMap('selected', 'mover'));
    await kubectl.ok(['label', 'cm', 'mover', '-n', 'selected', 'team=a']);
    await kubectl.ok(['label', 'cm', 'mover', '-n', 'selected', 'team=b', '--overwrite']);
    await kubectl.ok(['label', 'cm', 'mover', '-n', 'selected', 'team=a', '--overwrite']);
    await kubectl.ok(['annotate', 'cm', 'mover', '-n', 'selected', 'last=yes']);
    await eventually(() => assert.match(watch.output(), /^MODIFIED\s+mover\s/m), { description: 'MODIFIED' });
    await stop(watch.child);

    assert.deepEqual(
      watchRows(watch.output()).map((row) => row.slice(0, 2)),
      [
        ['EVENT', 'NAME'],
        ['ADDED', 'anchor'],
        ['ADDED', 'mover'], // label added: enters the selection
        ['DELETED', 'mover'], // relabelled team=b: leaves it
        ['ADDED', 'mover'], // back to team=a
        ['MODIFIED', 'mover'],
      ],
    );
  });

  it('kubectl wait --for=delete returns once another client deletes the object', async () => {
    await create(configMap('waits', 'doomed'));
    const wait = start(['wait', '--for=delete', 'cm/doomed', '-n', 'waits', '--timeout=30s', '-v=6']);
    // The informer has listed and is watching: the delete below cannot slip in before it.
    await eventually(() => assert.match(wait.output(), /Caches populated/), { description: 'wait watching' });
    await kubectl.ok(['delete', 'cm', 'doomed', '-n', 'waits', '--wait=false']);
    assert.equal(await exited(wait.child), 0, wait.output());
    assert.match(wait.output(), /^configmap\/doomed condition met$/m);
  });

  it('kubectl wait --for=jsonpath returns once another client sets the value', async () => {
    await create(configMap('waits', 'flag', { data: { state: 'starting' } }));
    const wait = start([
      'wait',
      '--for=jsonpath={.data.state}=ready',
      'cm/flag',
      '-n',
      'waits',
      '--timeout=30s',
      '-v=6',
    ]);
    await eventually(() => assert.match(wait.output(), /Caches populated/), { description: 'wait watching' });
    await kubectl.ok([
      'patch',
      'cm',
      'flag',
      '-n',
      'waits',
      '--type=merge',
      '-p',
      '{"data":{"state":"ready"}}',
    ]);
    assert.equal(await exited(wait.child), 0, wait.output());
    assert.match(wait.output(), /^configmap\/flag condition met$/m);
  });

  it('kubectl wait times out while the object stays', async () => {
    await create(configMap('waits', 'stays'));
    const result = await kubectl.run(['wait', '--for=delete', 'cm/stays', '-n', 'waits', '--timeout=1s']);
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr: 'error: timed out waiting for the condition on configmaps/stays\n',
    });
  });

  it('a raw watch with timeoutSeconds=1 streams the current objects as ADDED and then ends', async () => {
    await create(configMap('raw', 'one', { data: { n: '1' } }), configMap('raw', 'two'));
    const result = await kubectl.run([
      'get',
      '--raw',
      '/api/v1/namespaces/raw/configmaps?watch=1&timeoutSeconds=1',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const events = parseEvents(result.stdout).filter((e) => e.object.metadata.name !== 'kube-root-ca.crt');
    assert.deepEqual(
      events.map((e) => [e.type, e.object.kind, e.object.metadata.name]),
      [
        ['ADDED', 'ConfigMap', 'one'],
        ['ADDED', 'ConfigMap', 'two'],
      ],
    );
    assert.deepEqual(events[0]?.object.data, { n: '1' });
  });

  it('a raw watch from a resourceVersion replays what happened after it', async () => {
    await create(configMap('replay', 'history', { data: { v: '1' } }));
    const created = await kubectl.ok([
      'get',
      'cm',
      'history',
      '-n',
      'replay',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    ]);
    await kubectl.ok(['patch', 'cm', 'history', '-n', 'replay', '--type=merge', '-p', '{"data":{"v":"2"}}']);
    await kubectl.ok(['delete', 'cm', 'history', '-n', 'replay']);
    const result = await kubectl.run([
      'get',
      '--raw',
      `/api/v1/namespaces/replay/configmaps?watch=1&timeoutSeconds=1&resourceVersion=${created}`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const events = parseEvents(result.stdout).filter((e) => e.object.metadata.name === 'history');
    assert.deepEqual(
      events.map((e) => [e.type, e.object.data]),
      [
        ['MODIFIED', { v: '2' }],
        ['DELETED', { v: '2' }],
      ],
    );
    const versions = events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.ok(
      (versions[0] ?? 0) > Number(created) && (versions[1] ?? 0) > (versions[0] ?? 0),
      String(versions),
    );
  });

  it('a raw watch-list sends initial events, then a bookmark marking their end', async () => {
    await create(configMap('initial', 'present'));
    const result = await kubectl.run([
      'get',
      '--raw',
      '/api/v1/namespaces/initial/configmaps?watch=1&timeoutSeconds=1&sendInitialEvents=true' +
        '&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const events = parseEvents(result.stdout).filter((e) => e.object.metadata.name !== 'kube-root-ca.crt');
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata.name]),
      [
        ['ADDED', 'present'],
        ['BOOKMARK', undefined],
      ],
    );
    const bookmark = events[1]?.object;
    assert.equal(bookmark?.kind, 'ConfigMap');
    assert.deepEqual(bookmark?.metadata.annotations, { 'k8s.io/initial-events-end': 'true' });
    assert.match(bookmark?.metadata.resourceVersion ?? '', /^[1-9]\d*$/);
  });

  it('a watch from a resourceVersion the server has not reached is a Timeout', async () => {
    const result = await kubectl.run([
      'get',
      '--raw',
      '/api/v1/namespaces/raw/configmaps?watch=1&timeoutSeconds=1&resourceVersion=999999999',
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^Error from server \(Timeout\): Too large resource version: 999999999, current: \d+\n$/,
    );
  });
});
