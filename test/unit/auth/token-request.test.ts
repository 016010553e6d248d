import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultIssuer } from '../../../src/auth/service-account-tokens.js';
import { tokenRequestAction } from '../../../src/auth/token-request.js';
import type { RequestContext } from '../../../src/machinery/context.js';
import { StatusError } from '../../../src/machinery/errors.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import type { SubresourceAction } from '../../../src/registry/index.js';
import {
  cluster,
  ManualClock,
  pod,
  registryFixture,
  serviceAccount,
  tokenService,
  type RegistryFixture,
} from './service-account-fixtures.js';

const clock = new ManualClock(new Date('2025-03-01T12:00:00Z'));
const tokens = tokenService({ now: clock.now });

function tokenRequest(spec: Record<string, unknown>, metadata: KubeObject['metadata'] = {}): KubeObject {
  return { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata, spec };
}

async function statusOf(
  action: Promise<unknown>,
): Promise<{ reason: string; code: number; message: string }> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof StatusError, String(error));
    return { reason: error.reason, code: error.code, message: error.message };
  }
  assert.fail('expected a StatusError');
}

describe('TokenRequest (serviceaccounts/token)', () => {
  let fixture: RegistryFixture;
  let action: SubresourceAction;
  let ctx: RequestContext;
  let sa: KubeObject;

  before(async () => {
    fixture = registryFixture();
    action = tokenRequestAction(fixture.registry, tokens);
    ctx = fixture.ctxIn(cluster('acme'));
    sa = await fixture.create(ctx, 'serviceaccounts', serviceAccount('ns', 'bot'));
  });
  after(() => fixture.close());

  it('defaults to the API audiences and one hour, and answers with the token and its expiry', async () => {
    const answer = await action.create(
      ctx,
      'ns',
      'bot',
      tokenRequest({ audiences: null, expirationSeconds: null }),
    );
    const status = answer.status as { token: string; expirationTimestamp: string };
    assert.deepEqual(
      { ...answer, status: { ...status, token: '<jwt>' } },
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        metadata: { name: 'bot', namespace: 'ns', creationTimestamp: '2025-03-01T12:00:00Z' },
        spec: { audiences: [defaultIssuer], expirationSeconds: 3600, boundObjectRef: null },
        status: { token: '<jwt>', expirationTimestamp: '2025-03-01T13:00:00Z' },
      },
    );
    const verified = tokens.verify(status.token);
    assert.equal(verified.kind, 'valid');
    assert.deepEqual(verified.subject, {
      cluster: 'acme',
      namespace: 'ns',
      serviceAccount: { name: 'bot', uid: sa.metadata.uid },
    });
  });

  it('keeps the audiences and lifetime asked for', async () => {
    const answer = await action.create(
      ctx,
      'ns',
      'bot',
      tokenRequest({ audiences: ['vault'], expirationSeconds: 7200 }),
    );
    assert.deepEqual(answer.spec, { audiences: ['vault'], expirationSeconds: 7200, boundObjectRef: null });
    assert.equal(
      (answer.status as { expirationTimestamp: string }).expirationTimestamp,
      '2025-03-01T14:00:00Z',
    );
  });

  it('refuses a lifetime under ten minutes or over 2^32 seconds, with upstream’s message', async () => {
    assert.deepEqual(
      await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({ expirationSeconds: 60 }))),
      {
        reason: 'Invalid',
        code: 422,
        message:
          'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      },
    );
    assert.deepEqual(
      await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({ expirationSeconds: 2 ** 32 + 1 }))),
      {
        reason: 'Invalid',
        code: 422,
        message:
          'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
      },
    );
  });

  it('answers NotFound for a ServiceAccount that does not exist', async () => {
    assert.deepEqual(await statusOf(action.create(ctx, 'ns', 'ghost', tokenRequest({}))), {
      reason: 'NotFound',
      code: 404,
      message: 'serviceaccounts "ghost" not found',
    });
  });

  it('refuses a body naming another ServiceAccount or namespace', async () => {
    assert.deepEqual(await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({}, { name: 'other' }))), {
      reason: 'Invalid',
      code: 422,
      message:
        'TokenRequest.authentication.k8s.io "bot" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified',
    });
  });

  it('refuses spec fields of the wrong type', async () => {
    const status = await statusOf(
      action.create(ctx, 'ns', 'bot', tokenRequest({ expirationSeconds: '600' })),
    );
    assert.equal(status.reason, 'BadRequest');
  });

  describe('bound to an object', () => {
    it('binds to a pod running as the ServiceAccount', async () => {
      const running = await fixture.create(ctx, 'pods', pod('ns', 'web', 'bot'));
      const ref = { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: running.metadata.uid };
      const answer = await action.create(ctx, 'ns', 'bot', tokenRequest({ boundObjectRef: ref }));
      const verified = tokens.verify((answer.status as { token: string }).token);
      assert.equal(verified.kind, 'valid');
      assert.deepEqual(verified.subject.pod, { name: 'web', uid: running.metadata.uid });
    });

    it('refuses a pod running as another ServiceAccount', async () => {
      await fixture.create(ctx, 'pods', pod('ns', 'other-sa', 'default'));
      const ref = { kind: 'Pod', apiVersion: 'v1', name: 'other-sa' };
      assert.deepEqual(
        await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({ boundObjectRef: ref }))),
        {
          reason: 'BadRequest',
          code: 400,
          message:
            'cannot bind token for serviceaccount "bot" to pod running with different serviceaccount name.',
        },
      );
    });

    it('refuses a reference whose uid is not the object’s', async () => {
      await fixture.create(ctx, 'secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'ns' },
      });
      const ref = { kind: 'Secret', apiVersion: 'v1', name: 's', uid: 'stale' };
      assert.deepEqual(
        await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({ boundObjectRef: ref }))),
        {
          reason: 'Conflict',
          code: 409,
          message:
            'Operation cannot be fulfilled on Secret "s": the UID in the bound object reference (stale) does not match the UID in record. The object might have been deleted and then recreated',
        },
      );
    });

    it('refuses kinds a token cannot be bound to', async () => {
      const ref = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' };
      assert.deepEqual(
        await statusOf(action.create(ctx, 'ns', 'bot', tokenRequest({ boundObjectRef: ref }))),
        {
          reason: 'BadRequest',
          code: 400,
          message: 'cannot bind token to object of type apps/v1, Kind=Deployment',
        },
      );
    });
  });
});
