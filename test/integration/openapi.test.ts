// OpenAPI v3/v2 and server-side field validation through the real kubectl: apply/create with the default
// --validate=strict, unknown and duplicate fields, --validate=warn, kind: List manifests, explain, tenants.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { schemaRegistry } from '../../src/api/schema/index.js';
import { withoutKlog, type Kubectl } from '../support/kubectl.js';
import { TenancyHarness, type TenantUser } from '../support/tenancy.js';

const app = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 100m
            memory: 128Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  color: blue
`;

/** A Deployment named `name` in `shop`, with `extra` lines inserted into its spec. */
function deployment(name: string, extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
${extraSpec}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: busybox
`;
}

function fieldDescription(type: string, field: string): string {
  const found = schemaRegistry.jsonFields(type).find((f) => f.name === field)?.description;
  assert.ok(found, `${type}.${field} has a description`);
  return found;
}

describe('OpenAPI and server-side field validation with kubectl', () => {
  let h: TenancyHarness;
  let kubectl: Kubectl;

  before(async () => {
    h = await TenancyHarness.start();
    kubectl = h.admin;
  });
  after(async () => {
    await h.stop();
  });

  describe('kubectl apply and create with the default --validate=strict', () => {
    it('apply -f creates a Deployment, a Service and a ConfigMap', async () => {
      assert.deepEqual(withoutKlog(await kubectl.run(['apply', '-f', '-'], app)), {
        code: 0,
        stdout:
          'namespace/shop created\ndeployment.apps/web created\nservice/web created\nconfigmap/web-config created\n',
        stderr: '',
      });
    });

    it('create -f works the same way', async () => {
      const manifest = app.replaceAll('shop', 'store');
      assert.deepEqual(withoutKlog(await kubectl.run(['create', '-f', '-'], manifest)), {
        code: 0,
        stdout:
          'namespace/store created\ndeployment.apps/web created\nservice/web created\nconfigmap/web-config created\n',
        stderr: '',
      });
    });

    it('refuses an unknown field with the upstream strict decoding error', async () => {
      const expected = {
        code: 1,
        stdout: '',
        stderr:
          'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be ' +
          'handled as a Deployment: strict decoding error: unknown field "spec.foo"\n',
      };
      const manifest = deployment('strict', '  foo: 1\n');
      assert.deepEqual(withoutKlog(await kubectl.run(['create', '-f', '-'], manifest)), expected);
      assert.deepEqual(withoutKlog(await kubectl.run(['apply', '-f', '-'], manifest)), expected);
      const get = await kubectl.run(['get', 'deployment', 'strict', '-n', 'shop']);
      assert.equal(get.code, 1, 'nothing was created');
    });

    it('names every unknown field, nested ones by their path', async () => {
      const manifest = deployment('nested', '  foo: 1\n').replace(
        '        image: busybox\n',
        '        image: busybox\n        imagePullPolice: Always\n',
      );
      const result = withoutKlog(await kubectl.run(['create', '-f', '-'], manifest));
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /strict decoding error: unknown field "spec\.foo", unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolice"\n$/,
      );
    });

    it('refuses a duplicate field in a raw JSON body', async () => {
      const body =
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","name":"dup","namespace":"shop"}}';
      const result = withoutKlog(
        await kubectl.run(
          ['create', '--raw', '/api/v1/namespaces/shop/configmaps?fieldValidation=Strict', '-f', '-'],
          body,
        ),
      );
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata\.name"/,
      );
    });
  });

  describe('--validate=warn and --validate=false', () => {
    it('warn creates the object, warns once per unknown field and drops it', async () => {
      const manifest = deployment('warned', '  foo: 1\n');
      assert.deepEqual(withoutKlog(await kubectl.run(['create', '--validate=warn', '-f', '-'], manifest)), {
        code: 0,
        stdout: 'deployment.apps/warned created\n',
        stderr: 'Warning: unknown field "spec.foo"\n',
      });
      const spec = JSON.parse(
        await kubectl.ok(['get', 'deployment', 'warned', '-n', 'shop', '-o', 'jsonpath={.spec}']),
      ) as Record<string, unknown>;
      assert.equal(spec.foo, undefined, 'unknown fields are not stored');
    });

    it('false creates the object silently', async () => {
      const manifest = deployment('ignored', '  foo: 1\n');
      assert.deepEqual(withoutKlog(await kubectl.run(['create', '--validate=false', '-f', '-'], manifest)), {
        code: 0,
        stdout: 'deployment.apps/ignored created\n',
        stderr: '',
      });
    });
  });

  describe('kind: List manifests (validated client-side against OpenAPI v2 in protobuf)', () => {
    const list = (item: string) => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: ${item}
    namespace: shop
  data:
    a: b
`;

    it('are created with the default validation', async () => {
      assert.deepEqual(withoutKlog(await kubectl.run(['create', '-f', '-'], list('listed'))), {
        code: 0,
        stdout: 'configmap/listed created\n',
        stderr: '',
      });
    });

    it('fail client-side on an unknown field, as against kube-apiserver', async () => {
      const manifest = list('listed-bad').replace('  data:\n', '  foo: 1\n  data:\n');
      const result = withoutKlog(await kubectl.run(['create', '-f', '-'], manifest));
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /error validating data: ValidationError\(ConfigMap\): unknown field "foo" in io\.k8s\.api\.core\.v1\.ConfigMap/,
      );
    });
  });

  describe('kubectl explain', () => {
    it('explains a field path with our descriptions', async () => {
      const out = await kubectl.ok(['explain', 'pods.spec.containers']);
      assert.match(out, /^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
      assert.ok(out.includes(fieldDescription('io.k8s.api.core.v1.PodSpec', 'containers')));
      assert.ok(
        out.includes(`  image\t<string>\n    ${fieldDescription('io.k8s.api.core.v1.Container', 'image')}`),
      );
      assert.match(out, /\n {2}name\t<string> -required-\n/);
    });

    it('prints the fields of a kind recursively', async () => {
      const out = await kubectl.ok(['explain', 'deployment', '--recursive']);
      const kind = schemaRegistry.typeByName('io.k8s.api.apps.v1.Deployment')?.description ?? '';
      assert.ok(
        out.startsWith(
          `GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n    ${kind}\n`,
        ),
        out.slice(0, 300),
      );
      for (const line of ['  apiVersion\t<string>', '  spec\t<DeploymentSpec>', '    replicas\t<integer>']) {
        assert.ok(out.includes(`\n${line}\n`), `missing ${line}`);
      }
    });
  });

  describe('the OpenAPI endpoints', () => {
    it('/openapi/v3 lists every group version with a hashed URL that serves its document', async () => {
      const index = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v3'])) as {
        paths: Record<string, { serverRelativeURL: string }>;
      };
      const apps = index.paths['apis/apps/v1'];
      assert.ok(apps, 'apis/apps/v1 is listed');
      assert.match(apps.serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
      assert.ok(index.paths['api/v1']);
      const doc = JSON.parse(await kubectl.ok(['get', '--raw', apps.serverRelativeURL])) as {
        paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
      };
      const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
      assert.ok(patch?.parameters?.some((p) => p.name === 'fieldValidation'));
    });
  });

  describe('in a tenant cluster under /clusters/<name>', () => {
    let alice: TenantUser;

    before(async () => {
      await h.createTenant('acme', 'alice');
      await h.waitReady('acme');
      alice = await h.issueKubeconfig('acme', 'alice');
    });

    it('validates strictly through the tenant prefix', async () => {
      assert.deepEqual(withoutKlog(await alice.kubectl.run(['apply', '-f', '-'], app)), {
        code: 0,
        stdout:
          'namespace/shop created\ndeployment.apps/web created\nservice/web created\nconfigmap/web-config created\n',
        stderr: '',
      });
      const result = withoutKlog(
        await alice.kubectl.run(['create', '-f', '-'], deployment('bad', '  foo: 1\n')),
      );
      assert.equal(result.code, 1);
      assert.match(result.stderr, /strict decoding error: unknown field "spec\.foo"\n$/);
    });

    it('does not list root-only APIs in the tenant OpenAPI index', async () => {
      const index = JSON.parse(await alice.kubectl.ok(['get', '--raw', '/openapi/v3'])) as {
        paths: Record<string, unknown>;
      };
      assert.ok(index.paths['apis/apps/v1']);
      assert.equal(index.paths['apis/tenancy.kubetenant.io/v1alpha1'], undefined);
    });
  });
});
