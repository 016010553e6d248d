import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestContext } from '../../../src/machinery/context.js';
import { auditLevelFor, parseAuditPolicy } from '../../../src/server/audit/index.js';

function request(
  overrides: Partial<RequestContext['info']>,
  user = 'alice',
  groups: string[] = [],
): RequestContext {
  return {
    cluster: { kind: 'all' },
    user: { name: user, uid: '', groups, extra: {} },
    info: {
      isResourceRequest: true,
      path: '/api/v1/namespaces/default/configmaps',
      verb: 'get',
      apiPrefix: 'api',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'default',
      resource: 'configmaps',
      subresource: '',
      name: 'x',
      parts: [],
      ...overrides,
    },
    signal: new AbortController().signal,
    warnings: [],
  };
}

const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- level: None
  users: ["system:kube-proxy"]
- level: None
  nonResourceURLs: ["/healthz*"]
- level: RequestResponse
  resources: [{group: "", resources: ["secrets"]}]
- level: Request
  verbs: ["create", "update"]
  namespaces: ["prod"]
- level: Metadata
  resources: [{group: "apps", resources: ["deployments/*"]}]
`);

describe('audit policy', () => {
  it('takes the level of the first matching rule', () => {
    assert.equal(auditLevelFor(policy, request({ resource: 'secrets' })), 'RequestResponse');
    assert.equal(auditLevelFor(policy, request({ resource: 'secrets' }, 'system:kube-proxy')), 'None');
    assert.equal(auditLevelFor(policy, request({ verb: 'create', namespace: 'prod' })), 'Request');
    assert.equal(auditLevelFor(policy, request({ verb: 'get', namespace: 'prod' })), 'None');
  });

  it('matches subresource wildcards and non-resource URL prefixes', () => {
    const scale = request({ apiGroup: 'apps', resource: 'deployments', subresource: 'scale' });
    assert.equal(auditLevelFor(policy, scale), 'Metadata');
    const healthz = request({ isResourceRequest: false, path: '/healthz/ping', resource: '' });
    assert.equal(auditLevelFor(policy, healthz), 'None');
  });

  it('refuses malformed policies with the offending field', () => {
    assert.throws(
      () => parseAuditPolicy('kind: Policy\nrules: [{level: Loud}]'),
      /rules\[0\]\.level: unsupported level "Loud"/,
    );
    assert.throws(() => parseAuditPolicy('kind: Other\nrules: []'), /expected kind Policy/);
  });
});
