// Field sets and their FieldsV1 form (structured-merge-diff fieldpath): element order, `.` for elements that
// are both members and parents, set algebra, and paths as conflict messages print them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldSet } from '../../../../src/machinery/managed-fields/fieldset.js';
import {
  deserializeElement,
  fieldElement,
  keyElement,
  pathToString,
  PathElementError,
  serializeElement,
  type Path,
} from '../../../../src/machinery/managed-fields/path.js';

const f = fieldElement;
const container = keyElement([{ name: 'name', value: 'nginx' }]);
const port = keyElement([
  { name: 'protocol', value: 'TCP' },
  { name: 'containerPort', value: 80 },
]);

describe('path elements', () => {
  it('serialize as FieldsV1 keys, key fields sorted by name', () => {
    assert.equal(serializeElement(f('replicas')), 'f:replicas');
    assert.equal(serializeElement(port), 'k:{"containerPort":80,"protocol":"TCP"}');
    assert.equal(serializeElement({ kind: 'value', value: 'example.com/a' }), 'v:"example.com/a"');
    assert.equal(serializeElement({ kind: 'index', index: 2 }), 'i:2');
    assert.equal(serializeElement(keyElement([{ name: 'name', value: 'a&b' }])), 'k:{"name":"a\\u0026b"}');
  });

  it('parse back, ignoring element kinds they do not know', () => {
    assert.deepEqual(deserializeElement('k:{"containerPort":80,"protocol":"TCP"}'), port);
    assert.deepEqual(deserializeElement('v:3'), { kind: 'value', value: 3 });
    assert.equal(deserializeElement('z:whatever'), undefined);
    assert.throws(() => deserializeElement('f'), PathElementError);
    assert.throws(() => deserializeElement('fx'), PathElementError);
    assert.throws(() => deserializeElement('k:{'), PathElementError);
  });

  it('print as upstream prints conflicting paths', () => {
    const path: Path = [f('spec'), f('template'), f('spec'), f('containers'), container, f('image')];
    assert.equal(pathToString(path), '.spec.template.spec.containers[name="nginx"].image');
    assert.equal(pathToString([f('ports'), port]), '.ports[containerPort=80,protocol="TCP"]');
    assert.equal(pathToString([f('finalizers'), { kind: 'value', value: 'a' }]), '.finalizers[="a"]');
    assert.equal(pathToString([f('args'), { kind: 'index', index: 0 }]), '.args[0]');
  });
});

describe('FieldSet FieldsV1 form', () => {
  const set = FieldSet.of(
    [f('spec'), f('replicas')],
    [f('spec'), f('containers'), container],
    [f('spec'), f('containers'), container, f('image')],
    [f('spec'), f('containers'), container, f('name')],
    [f('metadata'), f('finalizers'), { kind: 'value', value: 'b' }],
    [f('metadata'), f('finalizers'), { kind: 'value', value: 'a' }],
  );
  const fieldsV1 = {
    'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } },
    'f:spec': {
      'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
      'f:replicas': {},
    },
  };

  it('writes elements in order, `.` first for an element that is also a parent', () => {
    assert.equal(JSON.stringify(set.toFieldsV1()), JSON.stringify(fieldsV1));
  });

  it('reads back the same set', () => {
    const read = FieldSet.fromFieldsV1(fieldsV1);
    assert.ok(read.equals(set));
    assert.ok(read.has([f('spec'), f('containers'), container]));
    assert.ok(!read.has([f('spec'), f('containers')]));
  });

  it('orders fields before keys before values before indexes', () => {
    const mixed = FieldSet.of(
      [{ kind: 'index', index: 1 }],
      [{ kind: 'value', value: 1 }],
      [container],
      [f('z')],
    );
    assert.deepEqual(Object.keys(mixed.toFieldsV1()), ['f:z', 'k:{"name":"nginx"}', 'v:1', 'i:1']);
  });

  it('rejects values that are not objects', () => {
    assert.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }), PathElementError);
    assert.throws(() => FieldSet.fromFieldsV1([]), PathElementError);
  });
});

describe('FieldSet algebra', () => {
  const ab = FieldSet.of([f('a')], [f('a'), f('b')], [f('c')]);

  it('differs path by path, or recursively below members', () => {
    const a = FieldSet.of([f('a')]);
    assert.deepEqual(ab.difference(a).paths().map(pathToString), ['.c', '.a.b']);
    assert.deepEqual(ab.recursiveDifference(a).paths().map(pathToString), ['.c']);
  });

  it('unites and intersects', () => {
    const other = FieldSet.of([f('a'), f('b')], [f('d')]);
    assert.deepEqual(ab.intersection(other).paths().map(pathToString), ['.a.b']);
    assert.deepEqual(ab.union(other).paths().map(pathToString), ['.a', '.c', '.d', '.a.b']);
  });

  it('never holds the empty path', () => {
    const set = FieldSet.of([]);
    assert.ok(set.isEmpty());
    assert.deepEqual(set.toFieldsV1(), {});
  });
});
