import {
  alreadyExists,
  conflict,
  expired,
  internalError,
  notFound,
  optimisticLockMessage,
  StatusError,
  type GroupResource,
} from '../machinery/errors.js';
import { StorageError } from '../storage/index.js';

/** Turns a storage failure into the Status error upstream's storage/errors.go gives for it (once, here). */
export function interpretStorageError(error: unknown, gr: GroupResource, name: string): Error {
  if (!(error instanceof StorageError)) return error instanceof StatusError ? error : internalError(error);
  switch (error.code) {
    case 'KeyExists':
      return alreadyExists(gr, name);
    case 'KeyNotFound':
      return notFound(gr, name);
    case 'Conflict':
      return conflict(gr, name, optimisticLockMessage);
    case 'Compacted':
      return expired('The resourceVersion for the provided list is too old.');
    case 'FutureRevision':
      return new StatusError('Timeout', 'Too large resource version', tooLargeDetails);
    case 'Closed':
    case 'Internal':
      return internalError(error);
  }
}

const tooLargeDetails = {
  causes: [{ reason: 'ResourceVersionTooLarge' as const, message: 'Too large resource version' }],
  retryAfterSeconds: 1,
};

/** Upstream NewTooLargeResourceVersionError: 504 Timeout with cause ResourceVersionTooLarge. */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return new StatusError(
    'Timeout',
    `Too large resource version: ${requested}, current: ${current}`,
    tooLargeDetails,
  );
}
