import { badRequest, expired } from '../machinery/errors.js';
import { isRecord } from '../machinery/object.js';

/** Opaque continue token: the snapshot revision and the key to resume from (like upstream's etcd3 token). */
export interface ContinueState {
  readonly revision: number;
  readonly startKey: string;
}

export function encodeContinue(state: ContinueState): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: state.revision, start: state.startKey }),
  ).toString('base64url');
}

export function decodeContinue(token: string): ContinueState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  if (
    !isRecord(parsed) ||
    parsed.v !== 'meta.k8s.io/v1' ||
    typeof parsed.rv !== 'number' ||
    typeof parsed.start !== 'string'
  ) {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  return { revision: parsed.rv, startKey: parsed.start };
}

export const continueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

export function continueExpired(): Error {
  return expired(continueExpiredMessage);
}
