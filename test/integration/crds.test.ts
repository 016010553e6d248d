// CustomResourceDefinitions (#6) through the real kubectl: conditions, served versions, discovery, OpenAPI
// (explain, strict validation), structural-schema checks with upstream's messages, CEL rules, defaulting,
// subresources, printer columns, patches, deletion, a real-world-sized CRD, and CRDs per logical cluster.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callApi, loadConnection, type Connection } from '../support/api.js';
import { eventually } from '../support/eventually.js';
import { Kubectl, withoutKlog, type CommandResult } from '../support/kubectl.js';
import { documents, type Manifest } from '../support/manifests.js';
import { repoRoot } from '../support/server.js';
import { parseTable, rowWhere } from '../support/table.js';
import { TenancyHarness } from '../support/tenancy.js';

const fixture = (name: string): string => join(repoRoot, 'test', 'fixtures', 'crds', name);

function failed(stderr: string): CommandResult {
  return { code: 1, stdout: '', stderr };
}

async function run(kubectl: Kubectl, args: readonly string[], input?: string): Promise<CommandResult> {
  return withoutKlog(await kubectl.run(args, input));
}

async function establish(kubectl: Kubectl, crdFile: string, name: string): Promise<void> {
  await kubectl.ok(['apply', '-f', fixture(crdFile)]);
  await kubectl.ok(['wait', '--for=condition=Established', '--timeout=20s', `crd/${name}`]);
}

/** A CRD `sprockets.example.com` whose v1 schema has `spec` as given. */
function sprockets(spec: Manifest): Manifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'sprockets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'sprockets', kind: 'Sprocket' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  };
}

function statusOf(body: unknown): { reason: unknown; message: unknown } {
  const status = body as { reason?: unknown; message?: unknown };
  return { reason: status.reason, message: status.message };
}

function widget(name: string, spec: Manifest, ns = 'default', apiVersion = 'example.com/v1'): Manifest {
  return { apiVersion, kind: 'Widget', metadata: { name, namespace: ns }, spec };
}

async function json<T>(kubectl: Kubectl, args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectl.ok([...args, '-o', 'json'])) as T;
}

interface CrdJson {
  status: {
    conditions: { type: string; status: string; reason: string; message: string }[];
    acceptedNames: Record<string, unknown>;
    storedVersions: string[];
  };
}

interface WidgetJson {
  apiVersion: string;
  metadata: { generation: number };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

let h: TenancyHarness;
let kubectl: Kubectl;
let api: Connection;

before(async () => {
  h = await TenancyHarness.start();
  kubectl = h.admin;
  api = await loadConnection(h.server.kubeconfig);
  await establish(kubectl, 'widgets.yaml', 'widgets.example.com');
});

after(async () => {
  await h.stop();
});

describe('a CustomResourceDefinition', () => {
  it('is accepted and established, with its names and storage version in status', async () => {
    const crd = await json<CrdJson>(kubectl, ['get', 'crd', 'widgets.example.com']);
    assert.deepEqual(
      crd.status.conditions.map(({ type, status, reason, message }) => ({ type, status, reason, message })),
      [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
    );
    assert.deepEqual(crd.status.acceptedNames, {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
      categories: ['all'],
    });
    assert.deepEqual(crd.status.storedVersions, ['v1']);
    const listed = rowWhere(parseTable(await kubectl.ok(['get', 'crd'])), { NAME: 'widgets.example.com' });
    assert.match(listed['CREATED AT'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('whose names conflict with another CRD is not accepted', async () => {
    const gizmos = (await readFile(fixture('widgets.yaml'), 'utf8'))
      .replaceAll('widgets', 'gizmos')
      .replace('singular: widget', 'singular: gizmo')
      .replace('kind: Widget', 'kind: Gizmo');
    // Its own kubectl, so no other test's discovery cache ever sees the clashing short name.
    const own = await Kubectl.create(h.server.kubeconfig);
    await own.ok(['apply', '-f', '-'], gizmos);
    try {
      await eventually(async () => {
        const crd = await json<CrdJson>(own, ['get', 'crd', 'gizmos.example.com']);
        const conditions = crd.status.conditions.map(({ type, status, reason, message }) => ({
          type,
          status,
          reason,
          message,
        }));
        assert.deepEqual(conditions, [
          {
            type: 'NamesAccepted',
            status: 'False',
            reason: 'ShortNamesConflict',
            message: '"wd" is already in use',
          },
          {
            type: 'Established',
            status: 'False',
            reason: 'NotAccepted',
            message: 'not all names are accepted',
          },
        ]);
      });
    } finally {
      await own.ok(['delete', 'crd', 'gizmos.example.com']);
      await rm(own.cacheDir, { recursive: true, force: true });
    }
  });

  it('is refused when a schema is not structural, with upstream messages', async () => {
    const specWithoutType = { properties: { size: { type: 'integer' } } };
    assert.deepEqual(
      await run(kubectl, ['create', '-f', '-'], documents(sprockets(specWithoutType))),
      failed(
        'The CustomResourceDefinition "sprockets.example.com" is invalid: spec.versions[0].schema.openAPIV3Schema' +
          '.properties[spec].type: Required value: must not be empty for specified object fields\n',
      ),
    );
    const raw = await callApi(
      api,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      sprockets(specWithoutType),
    );
    assert.equal(raw.status, 422);
    assert.deepEqual(statusOf(raw.body), {
      reason: 'Invalid',
      message:
        'CustomResourceDefinition.apiextensions.k8s.io "sprockets.example.com" is invalid: spec.versions[0].schema' +
        '.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    });
  });

  it('is refused when a CEL rule does not compile or may cost too much', async () => {
    const withRule = (rule: string): string =>
      documents(
        sprockets({
          type: 'object',
          'x-kubernetes-validations': [{ rule }],
          properties: { size: { type: 'integer' }, names: { type: 'array', items: { type: 'string' } } },
        }),
      );
    const rulePath =
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule';
    assert.deepEqual(
      await run(kubectl, ['create', '-f', '-'], withRule('self.nosuch > 1')),
      failed(
        `The CustomResourceDefinition "sprockets.example.com" is invalid: ${rulePath}: Invalid value: ` +
          '{"Rule":"self.nosuch > 1","Message":"","MessageExpression":"","Reason":null,"FieldPath":"",' +
          '"OptionalOldSelf":null}: compilation failed: ERROR: <input>:1:5: undefined field \'nosuch\'\n' +
          ' | self.nosuch > 1\n | ....^\n',
      ),
    );
    const costly = await run(
      kubectl,
      ['create', '-f', '-'],
      withRule('self.names.all(x, self.names.all(y, x.contains(y)))'),
    );
    assert.equal(costly.code, 1);
    assert.ok(
      costly.stderr.includes(
        `* ${rulePath}: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try ` +
          'simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings ' +
          'are declared)\n',
      ),
      costly.stderr,
    );
    assert.equal((await run(kubectl, ['get', 'crd', 'sprockets.example.com'])).code, 1);
  });
});

describe('custom resources of widgets.example.com', () => {
  before(async () => {
    await kubectl.ok(['create', 'namespace', 'toys']);
  });

  it('are discovered with their short name, category and both served versions', async () => {
    const table = parseTable(await kubectl.ok(['api-resources', '--api-group=example.com', '-o', 'wide']));
    assert.deepEqual(table.rows, [
      {
        NAME: 'widgets',
        SHORTNAMES: 'wd',
        APIVERSION: 'example.com/v1',
        NAMESPACED: 'true',
        KIND: 'Widget',
        VERBS: 'create,delete,deletecollection,get,list,patch,update,watch',
        CATEGORIES: 'all',
      },
    ]);
    assert.deepEqual(JSON.parse(await kubectl.ok(['get', '--raw', '/apis/example.com'])), {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'example.com',
      versions: [
        { groupVersion: 'example.com/v1', version: 'v1' },
        { groupVersion: 'example.com/v1beta1', version: 'v1beta1' },
      ],
      preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' },
    });
    assert.deepEqual(
      await run(kubectl, ['api-versions']).then((r) =>
        r.stdout.split('\n').filter((v) => v.startsWith('example.com/')),
      ),
      ['example.com/v1', 'example.com/v1beta1'],
    );
  });

  it('are one object in both versions (conversion None), listed by `kubectl get all`', async () => {
    assert.equal(
      await kubectl.ok(
        ['create', '-f', '-'],
        documents(widget('alpha', { size: 3 }, 'toys', 'example.com/v1beta1')),
      ),
      'widget.example.com/alpha created\n',
    );
    const v1 = await json<WidgetJson>(kubectl, ['get', 'widgets.v1.example.com', 'alpha', '-n', 'toys']);
    const v1beta1 = await json<WidgetJson>(kubectl, [
      'get',
      'widgets.v1beta1.example.com',
      'alpha',
      '-n',
      'toys',
    ]);
    assert.equal(v1.apiVersion, 'example.com/v1');
    assert.equal(v1beta1.apiVersion, 'example.com/v1beta1');
    assert.deepEqual(v1.spec, v1beta1.spec);
    const all = parseTable(await kubectl.ok(['get', 'all', '-n', 'toys']));
    assert.deepEqual(all.columns, ['NAME', 'SIZE', 'REPLICAS', 'AGE']);
    assert.deepEqual(
      all.rows.map((row) => [row.NAME, row.SIZE, row.REPLICAS]),
      [['widget.example.com/alpha', '3', '<none>']],
    );
  });

  it("are defaulted on read with the storage version's schema, in every version", async () => {
    // alpha was created through v1beta1, whose schema has no defaults; v1 stores it.
    for (const version of ['v1', 'v1beta1']) {
      const obj = await json<WidgetJson>(kubectl, [
        'get',
        `widgets.${version}.example.com`,
        'alpha',
        '-n',
        'toys',
      ]);
      assert.deepEqual(obj.spec, { size: 3, color: 'red', replicas: 1 }, version);
    }
  });

  it('are explained from the schema of each version', async () => {
    assert.deepEqual(await run(kubectl, ['explain', 'widgets.spec.size']), {
      code: 0,
      stdout:
        'GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\nFIELD: size <integer>\n\n\n' +
        'DESCRIPTION:\n    Size of the widget in centimetres.\n    \n\n',
      stderr: '',
    });
    const spec = await kubectl.ok(['explain', 'wd.spec']);
    assert.match(spec, /^DESCRIPTION:\n {4}WidgetSpec is the desired state of a Widget\.\n/m);
    assert.match(spec, /^ {2}color\t<string>\n {2}enum: red, green, blue\n {4}Color of the widget\.\n/m);
    assert.match(
      await kubectl.ok(['explain', 'widgets.spec.size', '--api-version=example.com/v1beta1']),
      /VERSION: {4}v1beta1\n\nFIELD: size <integer>\n\n\nDESCRIPTION:\n {4}Size of the widget \(v1beta1\)\./,
    );
    assert.match(
      await kubectl.ok(['explain', 'widgets.metadata.labels']),
      /FIELD: labels <map\[string\]string>/,
    );
    // kubectl prints the header before it finds out the field is missing.
    assert.deepEqual(await run(kubectl, ['explain', 'widgets.spec.nosuch']), {
      code: 1,
      stdout: 'GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\n',
      stderr: 'error: field "nosuch" does not exist\n',
    });
  });

  it('are described in OpenAPI v3 by their schema, patched by merge (no strategic merge)', async () => {
    const index = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v3'])) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    const url = index.paths['apis/example.com/v1']?.serverRelativeURL;
    assert.ok(url);
    const doc = JSON.parse(await kubectl.ok(['get', '--raw', url])) as {
      paths: Record<
        string,
        Record<string, { requestBody: { content: object }; parameters: { name: string }[] }>
      >;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']?.patch;
    assert.deepEqual(Object.keys(patch?.requestBody.content ?? {}), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    assert.ok(patch?.parameters.some((p) => p.name === 'fieldValidation'));
    const schema = doc.components.schemas['com.example.v1.Widget'];
    assert.deepEqual(schema?.['x-kubernetes-group-version-kind'], [
      { group: 'example.com', kind: 'Widget', version: 'v1' },
    ]);
    const properties = schema?.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(properties.metadata?.allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    assert.deepEqual((properties.spec?.properties as Record<string, unknown>).color, {
      default: 'red',
      description: 'Color of the widget.',
      enum: ['red', 'green', 'blue'],
      type: 'string',
    });
    assert.deepEqual(
      doc.components.schemas['com.example.v1.WidgetList']?.['x-kubernetes-group-version-kind'],
      [{ group: 'example.com', kind: 'WidgetList', version: 'v1' }],
    );
    // Swagger 2.0 carries the schema too, without defaults (upstream prunes them there).
    const v2 = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v2'])) as {
      definitions: Record<string, { properties: Record<string, { properties: Record<string, unknown> }> }>;
    };
    assert.deepEqual(v2.definitions['com.example.v1.Widget']?.properties.spec?.properties.color, {
      description: 'Color of the widget.',
      enum: ['red', 'green', 'blue'],
      type: 'string',
    });
  });

  it('are validated strictly by `kubectl apply`, pruned with --validate=false', async () => {
    const bogus = documents(widget('beta', { size: 1, bogus: true }, 'toys'));
    assert.deepEqual(
      await run(kubectl, ['apply', '-f', '-'], bogus),
      failed(
        'Error from server (BadRequest): error when creating "STDIN": Widget in version "v1" cannot be handled ' +
          'as a Widget: strict decoding error: unknown field "spec.bogus"\n',
      ),
    );
    assert.deepEqual(await run(kubectl, ['apply', '--validate=warn', '-f', '-'], bogus), {
      code: 0,
      stdout: 'widget.example.com/beta created\n',
      stderr: 'Warning: unknown field "spec.bogus"\n',
    });
    assert.equal(
      await kubectl.ok(['apply', '--validate=false', '-f', '-'], bogus.replace('"beta"', '"gamma"')),
      'widget.example.com/gamma created\n',
    );
    for (const name of ['beta', 'gamma']) {
      const obj = await json<WidgetJson>(kubectl, ['get', 'wd', name, '-n', 'toys']);
      assert.deepEqual(obj.spec, { size: 1, color: 'red', replicas: 1 }, name);
    }
    // kind: List manifests are validated by kubectl itself, against OpenAPI v2.
    const list = documents({
      apiVersion: 'v1',
      kind: 'List',
      items: [widget('delta', { size: 1, bogus: 1 }, 'toys')],
    });
    assert.deepEqual(
      await run(kubectl, ['apply', '-f', '-'], list),
      failed(
        'error: error validating "STDIN": error validating data: ValidationError(Widget.spec): unknown field ' +
          '"bogus" in com.example.v1.Widget.spec; if you choose to ignore these errors, turn validation off with ' +
          '--validate=false\n',
      ),
    );
  });

  it('print their additionalPrinterColumns, priority 1 only with -o wide', async () => {
    await kubectl.ok([
      'patch',
      'wd',
      'alpha',
      '-n',
      'toys',
      '--type=merge',
      '-p',
      '{"spec":{"color":"blue"}}',
    ]);
    const narrow = parseTable(await kubectl.ok(['get', 'wd', '-n', 'toys']));
    assert.deepEqual(narrow.columns, ['NAME', 'SIZE', 'REPLICAS', 'AGE']);
    assert.deepEqual(rowWhere(narrow, { NAME: 'alpha' }).SIZE, '3');
    const wide = parseTable(await kubectl.ok(['get', 'wd', '-n', 'toys', '-o', 'wide']));
    assert.deepEqual(wide.columns, ['NAME', 'SIZE', 'COLOR', 'REPLICAS', 'AGE']);
    assert.deepEqual(
      wide.rows.map((row) => [row.NAME, row.SIZE, row.COLOR, row.REPLICAS]),
      [
        ['alpha', '3', 'blue', '<none>'],
        ['beta', '1', 'red', '<none>'],
        ['gamma', '1', 'red', '<none>'],
      ],
    );
  });

  it('have a status subresource: each of spec and status changes only through its own endpoint', async () => {
    const original = await json<WidgetJson>(kubectl, ['get', 'wd', 'beta', '-n', 'toys']);
    assert.equal(
      await kubectl.ok([
        'patch',
        'wd',
        'beta',
        '-n',
        'toys',
        '--type=merge',
        '-p',
        '{"status":{"replicas":5}}',
      ]),
      'widget.example.com/beta patched (no change)\n',
    );
    assert.equal(
      await kubectl.ok([
        'patch',
        'wd',
        'beta',
        '-n',
        'toys',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"replicas":2},"spec":{"size":9}}',
      ]),
      'widget.example.com/beta patched\n',
    );
    const updated = await json<WidgetJson>(kubectl, ['get', 'wd', 'beta', '-n', 'toys']);
    assert.deepEqual(updated.status, { replicas: 2 });
    assert.equal(updated.spec.size, 1);
    assert.equal(updated.metadata.generation, original.metadata.generation);
  });

  it('scale through the scale subresource (`kubectl scale`)', async () => {
    assert.equal(
      await kubectl.ok(['scale', 'wd', 'beta', '-n', 'toys', '--replicas=4']),
      'widget.example.com/beta scaled\n',
    );
    const scale = await json<{ kind: string; spec: unknown; status: unknown }>(kubectl, [
      'get',
      'wd',
      'beta',
      '-n',
      'toys',
      '--subresource=scale',
    ]);
    assert.deepEqual([scale.kind, scale.spec, scale.status], ['Scale', { replicas: 4 }, { replicas: 2 }]);
    const obj = await json<WidgetJson>(kubectl, ['get', 'wd', 'beta', '-n', 'toys']);
    assert.equal(obj.spec.replicas, 4);
    assert.deepEqual(
      await run(kubectl, ['scale', 'wd', 'beta', '-n', 'toys', '--replicas=-1']),
      failed('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'),
    );
  });

  it('take JSON and merge patches; strategic merge patch is refused with 415', async () => {
    assert.equal(
      await kubectl.ok([
        'patch',
        'wd',
        'gamma',
        '-n',
        'toys',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/size","value":7}]',
      ]),
      'widget.example.com/gamma patched\n',
    );
    assert.equal((await json<WidgetJson>(kubectl, ['get', 'wd', 'gamma', '-n', 'toys'])).spec.size, 7);
    assert.deepEqual(
      await run(kubectl, [
        'patch',
        'wd',
        'gamma',
        '-n',
        'toys',
        '--type=merge',
        '-p',
        '{"spec":{"size":-1}}',
      ]),
      failed(
        'The Widget "gamma" is invalid: spec.size: Invalid value: -1: spec.size in body should be greater than or ' +
          'equal to 0\n',
      ),
    );
    const raw = await callApi(
      api,
      'PATCH',
      '/apis/example.com/v1/namespaces/toys/widgets/gamma',
      { spec: { size: 2 } },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    assert.equal(raw.status, 415);
    assert.equal(statusOf(raw.body).reason, 'UnsupportedMediaType');
  });

  it('refuse strategic merge patch naming every patch type they take', async () => {
    assert.deepEqual(
      await run(kubectl, [
        'patch',
        'wd',
        'gamma',
        '-n',
        'toys',
        '--type=strategic',
        '-p',
        '{"spec":{"size":2}}',
      ]),
      failed(
        'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body ' +
          'of the request was in an unknown format - accepted media types include: application/json-patch+json, ' +
          'application/merge-patch+json, application/apply-patch+yaml\n',
      ),
    );
  });

  it('take server-side apply, with conflicts between field managers', async () => {
    const manifest = documents(widget('ssa', { size: 2 }, 'toys'));
    assert.deepEqual(await run(kubectl, ['apply', '--server-side', '-f', '-'], manifest), {
      code: 0,
      stdout: 'widget.example.com/ssa serverside-applied\n',
      stderr: '',
    });
    const changed = documents(widget('ssa', { size: 5 }, 'toys'));
    const conflict = await run(
      kubectl,
      ['apply', '--server-side', '--field-manager=other', '-f', '-'],
      changed,
    );
    assert.equal(conflict.code, 1);
    assert.match(
      conflict.stderr,
      /^error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.size\n/,
    );
    assert.equal(
      await kubectl.ok(
        ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'],
        changed,
      ),
      'widget.example.com/ssa serverside-applied\n',
    );
    assert.equal((await json<WidgetJson>(kubectl, ['get', 'wd', 'ssa', '-n', 'toys'])).spec.size, 5);
  });
});

describe('the structural schema of checks.schema.example.com', () => {
  before(async () => {
    await establish(kubectl, 'checks.yaml', 'checks.schema.example.com');
  });

  /** Creates a Check with `spec` (YAML flow text); resolves what kubectl printed. */
  function createCheck(name: string, spec: string): Promise<CommandResult> {
    const manifest = `apiVersion: schema.example.com/v1\nkind: Check\nmetadata:\n  name: ${name}\n  namespace: default\nspec: ${spec}\n`;
    return run(kubectl, ['create', '-f', '-'], manifest);
  }

  const skipped =
    '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct ' +
    'the existing errors to complete validation';
  const cases: readonly (readonly [string, string, readonly string[]])[] = [
    [
      'minimum',
      '{size: -1}',
      ['spec.size: Invalid value: -1: spec.size in body should be greater than or equal to 0'],
    ],
    [
      'maximum',
      '{size: 101}',
      ['spec.size: Invalid value: 101: spec.size in body should be less than or equal to 100'],
    ],
    [
      'type',
      '{size: "x"}',
      ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"', skipped],
    ],
    ['required', '{color: red}', ['spec.size: Required value', skipped]],
    [
      'exclusiveMinimum',
      '{size: 1, ratio: -0.5}',
      ['spec.ratio: Invalid value: -0.5: spec.ratio in body should be greater than 0'],
    ],
    [
      'multipleOf',
      '{size: 1, ratio: 0.7}',
      ['spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5'],
    ],
    [
      'minLength',
      '{size: 1, name: ""}',
      ['spec.name: Invalid value: "": spec.name in body should be at least 1 chars long'],
    ],
    [
      'maxLength',
      '{size: 1, name: abcdefghi}',
      ['spec.name: Too long: may not be more than 8 bytes', skipped],
    ],
    [
      'pattern',
      '{size: 1, name: ABC}',
      ['spec.name: Invalid value: "ABC": spec.name in body should match \'^[a-z]+$\''],
    ],
    [
      'format',
      '{size: 1, email: nope}',
      ['spec.email: Invalid value: "nope": spec.email in body must be of type email: "nope"', skipped],
    ],
    [
      'enum',
      '{size: 1, color: pink}',
      ['spec.color: Unsupported value: "pink": supported values: "red", "green", "blue"', skipped],
    ],
    [
      'int-or-string',
      '{size: 1, port: true}',
      [
        'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
        skipped,
      ],
    ],
    [
      'minItems',
      '{size: 1, tags: []}',
      ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'],
    ],
    [
      'maxItems',
      '{size: 1, tags: [a, b, c, d]}',
      ['spec.tags: Too many: must have at most 3 items', skipped],
    ],
    ['list-type set', '{size: 1, tags: [a, a]}', ['spec.tags[1]: Duplicate value: "a"']],
    [
      'list-type map',
      '{size: 1, ports: [{name: http, number: 80}, {name: http, number: 81}]}',
      ['spec.ports[1]: Duplicate value: {"name":"http"}'],
    ],
    [
      'required in items',
      '{size: 1, ports: [{number: 80}]}',
      ['spec.ports[0].name: Required value', skipped],
    ],
    [
      'embedded resource',
      '{size: 1, template: {spec: {}}}',
      ['spec.template.apiVersion: Required value', 'spec.template.kind: Required value', skipped],
    ],
    [
      'additionalProperties',
      '{size: 1, labels: {a: "12345678901"}}',
      ['spec.labels.a: Too long: may not be more than 10 bytes', skipped],
    ],
    [
      'CEL message',
      '{size: 1, minReplicas: 5, maxReplicas: 2}',
      ['spec: Invalid value: minReplicas must not exceed maxReplicas'],
    ],
    ['CEL messageExpression', '{size: 1, owner: bob}', ['spec: Invalid value: owner bob is not a team']],
  ];
  for (const [check, spec, errors] of cases) {
    it(`refuses a custom resource that fails ${check}`, async () => {
      const printed = errors.length === 1 ? `${errors[0]}\n` : `\n${errors.map((e) => `* ${e}\n`).join('')}`;
      assert.deepEqual(await createCheck('bad', spec), failed(`The Check "bad" is invalid: ${printed}`));
    });
  }

  it('keeps nullable nulls, drops other nulls, keeps unknown fields where preserved', async () => {
    assert.equal(
      (
        await createCheck(
          'nulls',
          '{size: 1, nickname: null, owner: null, port: 8080, extra: {any: {thing: [1]}}}',
        )
      ).stdout,
      'check.schema.example.com/nulls created\n',
    );
    const obj = await json<WidgetJson>(kubectl, ['get', 'check', 'nulls']);
    assert.deepEqual(obj.spec, {
      size: 1,
      nickname: null,
      port: 8080,
      extra: { any: { thing: [1] } },
      color: 'red',
      minReplicas: 1,
      maxReplicas: 3,
    });
  });

  it('defaults on write: absent fields and non-nullable nulls with a default', async () => {
    await createCheck('defaults', '{size: 2, color: null}');
    const obj = await json<WidgetJson>(kubectl, ['get', 'check', 'defaults']);
    assert.deepEqual(obj.spec, { size: 2, color: 'red', minReplicas: 1, maxReplicas: 3 });
  });

  it('checks transition rules against the old object (oldSelf)', async () => {
    assert.equal((await createCheck('moves', '{size: 1, immutableId: a1, counter: 5}')).code, 0);
    const patch = (spec: string): Promise<CommandResult> =>
      run(kubectl, ['patch', 'check', 'moves', '--type=merge', '-p', `{"spec":${spec}}`]);
    assert.deepEqual(
      await patch('{"immutableId":"b2"}'),
      failed(
        'The Check "moves" is invalid: spec.immutableId: Invalid value: "b2": immutableId is immutable\n',
      ),
    );
    assert.deepEqual(
      await patch('{"counter":4}'),
      failed('The Check "moves" is invalid: spec.counter: Invalid value: 4: counter may only grow\n'),
    );
    assert.deepEqual(await patch('{"counter":6}'), {
      code: 0,
      stdout: 'check.schema.example.com/moves patched\n',
      stderr: '',
    });
  });

  it('defaults on read: a default added to the CRD shows on objects stored before', async () => {
    await createCheck('older', '{size: 3}');
    const crd = (await readFile(fixture('checks.yaml'), 'utf8')).replace(
      '                owner:\n                  type: string\n',
      '                owner:\n                  type: string\n                  default: team-core\n',
    );
    await kubectl.ok(['apply', '-f', '-'], crd);
    await eventually(
      async () => {
        const obj = await json<WidgetJson>(kubectl, ['get', 'check', 'older']);
        assert.equal(obj.spec.owner, 'team-core');
      },
      { timeoutMs: 5000 },
    );
  });
});

describe('the Database CRD (databases.yaml: three versions, 300+ properties each)', () => {
  before(async () => {
    await kubectl.ok(['create', 'namespace', 'shop']);
  });

  it('is applied with strict validation and established', async () => {
    assert.deepEqual(await run(kubectl, ['apply', '-f', fixture('databases.yaml')]), {
      code: 0,
      stdout: 'customresourcedefinition.apiextensions.k8s.io/databases.example.io created\n',
      stderr: '',
    });
    await kubectl.ok(['wait', '--for=condition=Established', '--timeout=20s', 'crd/databases.example.io']);
    const table = parseTable(await kubectl.ok(['api-resources', '--api-group=example.io', '-o', 'wide']));
    assert.deepEqual(rowWhere(table, { NAME: 'databases' }), {
      NAME: 'databases',
      SHORTNAMES: 'db,dbs',
      APIVERSION: 'example.io/v1',
      NAMESPACED: 'true',
      KIND: 'Database',
      VERBS: 'create,delete,deletecollection,get,list,patch,update,watch',
      CATEGORIES: 'all,example',
    });
  });

  it('takes a real manifest with strict validation, lists it and prints its columns', async () => {
    assert.deepEqual(await run(kubectl, ['apply', '-f', fixture('database-orders.yaml')]), {
      code: 0,
      stdout: 'database.example.io/orders created\n',
      stderr: '',
    });
    const wide = parseTable(await kubectl.ok(['get', 'db', '-n', 'shop', '-o', 'wide']));
    assert.deepEqual(wide.columns, [
      'NAME',
      'ENGINE',
      'VERSION',
      'REPLICAS',
      'STORAGE',
      'PHASE',
      'BACKUP',
      'ENDPOINT',
      'AGE',
    ]);
    const { AGE, ...row } = rowWhere(wide, { NAME: 'orders' });
    assert.match(AGE ?? '', /^\d+s$/);
    assert.deepEqual(row, {
      NAME: 'orders',
      ENGINE: 'postgres',
      VERSION: '16.4',
      REPLICAS: '3',
      STORAGE: '50Gi',
      PHASE: '<none>',
      BACKUP: '30 1 * * *',
      ENDPOINT: '<none>',
    });
    // The category `example` names one resource, so kubectl prints plain names.
    assert.deepEqual(
      parseTable(await kubectl.ok(['get', 'example', '-n', 'shop'])).rows.map((r) => r.NAME),
      ['orders'],
    );
    assert.ok(
      parseTable(await kubectl.ok(['get', 'all', '-n', 'shop'])).rows.some(
        (r) => r.NAME === 'database.example.io/orders',
      ),
    );
    const stored = await json<{ spec: Record<string, Record<string, unknown>> }>(kubectl, [
      'get',
      'db',
      'orders',
      '-n',
      'shop',
    ]);
    // Defaults from deep inside the schema, and the embedded pod template kept as sent.
    assert.deepEqual(stored.spec.backup?.retention, { fullBackups: 14, days: 30, keepMonthly: 12 });
    assert.deepEqual(stored.spec.networking?.tls, {
      enabled: true,
      issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      minVersion: 'TLSv1.2',
      clientAuth: 'optional',
    });
    assert.equal((stored.spec.podTemplate as { kind?: string }).kind, 'PodTemplate');
  });

  it('refuses an unknown field deep in a manifest applied over the object', async () => {
    const manifest = (await readFile(fixture('database-orders.yaml'), 'utf8')).replace(
      '        compression: lz4\n',
      '        compression: lz4\n        compresion: zstd\n',
    );
    const result = await run(kubectl, ['apply', '-f', '-'], manifest);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^The request is invalid: patch: Invalid value: "[^]*": strict decoding error: unknown field "spec\.backup\.destinations\[1\]\.compresion"\n$/,
    );
  });

  it('is explained in every version, each from its own schema', async () => {
    assert.deepEqual(
      await run(kubectl, ['explain', 'databases.spec.backup.destinations.store.s3.serverSideEncryption']),
      {
        code: 0,
        stdout:
          'GROUP:      example.io\nKIND:       Database\nVERSION:    v1\n\n' +
          'FIELD: serverSideEncryption <Object>\n\n\nDESCRIPTION:\n    Server-side encryption of uploads.\n    \n' +
          'FIELDS:\n  algorithm\t<string>\n  enum: AES256, aws:kms\n    Encryption algorithm.\n\n' +
          '  kmsKeyId\t<string>\n    KMS key for aws:kms.\n\n\n',
        stderr: '',
      },
    );
    assert.match(
      await kubectl.ok(['explain', 'db.spec.monitoring.dashboards']),
      /FIELD: dashboards <Object>/,
    );
    assert.deepEqual(
      await run(kubectl, ['explain', 'db.spec.monitoring.dashboards', '--api-version=example.io/v1beta1']),
      {
        code: 1,
        stdout: 'GROUP:      example.io\nKIND:       Database\nVERSION:    v1beta1\n\n',
        stderr: 'error: field "dashboards" does not exist\n',
      },
    );
    assert.match(
      await kubectl.ok(['explain', 'db.spec.replication.replicas', '--api-version=example.io/v1alpha1']),
      /VERSION: {4}v1alpha1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n {4}Number of database instances, primary included\./,
    );
    const recursive = await kubectl.ok(['explain', 'databases', '--recursive']);
    assert.ok(
      recursive.split('\n').length > 300,
      `explain --recursive printed ${recursive.split('\n').length} lines`,
    );
  });

  it('is patched (merge, JSON, scale) and keeps its CEL rules', async () => {
    const patch = (type: string, body: string): Promise<CommandResult> =>
      run(kubectl, ['patch', 'db', 'orders', '-n', 'shop', `--type=${type}`, '-p', body]);
    assert.equal((await patch('merge', '{"spec":{"backup":{"schedule":"0 3 * * *"}}}')).code, 0);
    assert.equal(
      (await patch('json', '[{"op":"replace","path":"/spec/storage/size","value":"80Gi"}]')).code,
      0,
    );
    assert.equal(
      await kubectl.ok(['scale', 'db', 'orders', '-n', 'shop', '--replicas=5']),
      'database.example.io/orders scaled\n',
    );
    const row = rowWhere(parseTable(await kubectl.ok(['get', 'dbs', '-n', 'shop', '-o', 'wide'])), {
      NAME: 'orders',
    });
    assert.deepEqual([row.REPLICAS, row.STORAGE, row.BACKUP], ['5', '80Gi', '0 3 * * *']);
    assert.deepEqual(
      await patch('merge', '{"spec":{"engine":"mysql"}}'),
      failed('The Database "orders" is invalid: spec.engine: Invalid value: "mysql": engine is immutable\n'),
    );
    assert.deepEqual(
      await patch('merge', '{"spec":{"replication":{"syncReplicas":7}}}'),
      failed(
        'The Database "orders" is invalid: spec.replication: Invalid value: mode sync needs syncReplicas below replicas\n',
      ),
    );
    assert.deepEqual(
      await patch('merge', '{"spec":{"backup":{"destinations":[{"name":"x","store":{}}]}}}'),
      failed(
        'The Database "orders" is invalid: spec.backup.destinations[0].store: Invalid value: exactly one of s3, gcs ' +
          'or azure must be set\n',
      ),
    );
    assert.deepEqual(
      await run(kubectl, ['scale', 'db', 'orders', '-n', 'shop', '--replicas=10']),
      failed(
        'The Database "orders" is invalid: spec.replication.replicas: Invalid value: 10: ' +
          'spec.replication.replicas in body should be less than or equal to 9\n',
      ),
    );
  });

  it('serves the same object in every version', async () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha1']) {
      const obj = await json<{ apiVersion: string; spec: { replication: { replicas: number } } }>(kubectl, [
        'get',
        `databases.${version}.example.io`,
        'orders',
        '-n',
        'shop',
      ]);
      assert.deepEqual([obj.apiVersion, obj.spec.replication.replicas], [`example.io/${version}`, 5]);
    }
  });
});

describe('versions of a CRD', () => {
  it('record every storage version used, and stop serving a version no longer served', async () => {
    const gears = (await readFile(fixture('widgets.yaml'), 'utf8'))
      .replaceAll('widgets', 'gears')
      .replace('singular: widget', 'singular: gear')
      .replace('kind: Widget', 'kind: Gear')
      .replace('shortNames: [wd]', 'shortNames: [gr]');
    await kubectl.ok(['apply', '-f', '-'], gears);
    await kubectl.ok(['wait', '--for=condition=Established', '--timeout=20s', 'crd/gears.example.com']);
    const storedVersions = async (): Promise<string[]> =>
      (await json<CrdJson>(kubectl, ['get', 'crd', 'gears.example.com'])).status.storedVersions;
    assert.deepEqual(await storedVersions(), ['v1']);
    const v1beta1Stores = gears
      .replace(
        '- name: v1\n      served: true\n      storage: true',
        '- name: v1\n      served: true\n      storage: false',
      )
      .replace(
        '- name: v1beta1\n      served: true\n      storage: false',
        '- name: v1beta1\n      served: true\n      storage: true',
      );
    await kubectl.ok(['apply', '-f', '-'], v1beta1Stores);
    await eventually(async () => assert.deepEqual(await storedVersions(), ['v1', 'v1beta1']));
    const unserved = gears.replace(
      '- name: v1beta1\n      served: true',
      '- name: v1beta1\n      served: false',
    );
    await kubectl.ok(['apply', '-f', '-'], unserved);
    await eventually(async () => {
      assert.equal((await callApi(api, 'GET', '/apis/example.com/v1beta1/gears')).status, 404);
    });
    assert.equal((await callApi(api, 'GET', '/apis/example.com/v1/gears')).status, 200);
    await kubectl.ok(['delete', 'crd', 'gears.example.com']);
  });
});

describe('deleting a CRD', () => {
  it('deletes its custom resources in every namespace, then the CRD and its API', async () => {
    await kubectl.ok(['create', 'namespace', 'spares']);
    await kubectl.ok(['create', '-f', '-'], documents(widget('left', { size: 1 }, 'spares')));
    assert.ok((await kubectl.ok(['get', 'wd', '-A', '-o', 'name'])).split('\n').filter(Boolean).length >= 4);
    assert.equal(
      await kubectl.ok(['delete', 'crd', 'widgets.example.com', '--timeout=30s']),
      'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n',
    );
    assert.deepEqual(
      await run(kubectl, ['get', 'crd', 'widgets.example.com']),
      failed(
        'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" not found\n',
      ),
    );
    await eventually(async () => {
      const raw = await callApi(api, 'GET', '/apis/example.com/v1/widgets');
      assert.equal(raw.status, 404);
    });
    assert.deepEqual(parseTable(await kubectl.ok(['api-resources', '--api-group=example.com'])).rows, []);
    // A CRD of the same name starts empty.
    await establish(kubectl, 'widgets.yaml', 'widgets.example.com');
    assert.deepEqual(await run(kubectl, ['get', 'wd', '-A']), {
      code: 0,
      stdout: '',
      stderr: 'No resources found\n',
    });
  });
});

describe('CRDs per logical cluster', () => {
  it('two tenants install the same CRD with different schemas and each validates against its own', async () => {
    await h.createTenant('acme', 'alice');
    await h.createTenant('globex', 'bob');
    await h.waitReady('acme');
    await h.waitReady('globex');
    const alice = (await h.issueKubeconfig('acme', 'alice')).kubectl;
    const bob = (await h.issueKubeconfig('globex', 'bob')).kubectl;
    const gadgets = (sizeSchema: Manifest): Manifest => ({
      ...sprockets({ type: 'object', properties: { size: sizeSchema } }),
      metadata: { name: 'gadgets.example.com' },
    });
    const named = (crd: Manifest): Manifest => {
      const spec = crd.spec as Manifest;
      return { ...crd, spec: { ...spec, names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' } } };
    };
    await alice.ok(['create', '-f', '-'], documents(named(gadgets({ type: 'integer', maximum: 10 }))));
    await bob.ok(
      ['create', '-f', '-'],
      documents(named(gadgets({ type: 'string', enum: ['small', 'large'] }))),
    );
    for (const k of [alice, bob]) {
      await k.ok(['wait', '--for=condition=Established', '--timeout=20s', 'crd/gadgets.example.com']);
    }
    const gadget = (size: unknown): string =>
      documents({
        apiVersion: 'example.com/v1',
        kind: 'Gadget',
        metadata: { name: 'g', namespace: 'default' },
        spec: { size },
      });
    assert.deepEqual(await run(alice, ['create', '-f', '-'], gadget(5)), {
      code: 0,
      stdout: 'gadget.example.com/g created\n',
      stderr: '',
    });
    assert.deepEqual(
      await run(alice, ['create', '-f', '-'], gadget('large')),
      failed(
        'The Gadget "g" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type ' +
          'integer: "string"\n',
      ),
    );
    assert.deepEqual(
      await run(bob, ['create', '-f', '-'], gadget(5)),
      failed(
        'The Gadget "g" is invalid: \n* spec.size: Invalid value: "integer": spec.size in body must be of type ' +
          'string: "integer"\n* spec.size: Unsupported value: 5: supported values: "small", "large"\n',
      ),
    );
    assert.equal(await bob.ok(['create', '-f', '-'], gadget('large')), 'gadget.example.com/g created\n');
    assert.match(await alice.ok(['explain', 'gadgets.spec.size']), /FIELD: size <integer>/);
    assert.match(await bob.ok(['explain', 'gadgets.spec.size']), /FIELD: size <string>/);
    // The root cluster has no such CRD.
    assert.equal((await run(kubectl, ['get', 'crd', 'gadgets.example.com'])).code, 1);
    assert.equal((await callApi(api, 'GET', '/apis/example.com/v1/gadgets')).status, 404);
  });
});
