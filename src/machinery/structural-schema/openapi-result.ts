/**
 * kube-openapi's validate.Result: errors (deduplicated by message) and the match count anyOf/oneOf use
 * to pick the "best" failing alternative.
 */
import type { OpenAPIError } from './openapi-errors.js';

export interface Result {
  errors: OpenAPIError[];
  matchCount: number;
}

export function newResult(): Result {
  return { errors: [], matchCount: 0 };
}

export function errorResult(error: OpenAPIError): Result {
  return { errors: [error], matchCount: 0 };
}

/** Result.AddErrors: an error already reported with the same message is not added twice. */
export function addErrors(result: Result, ...errs: OpenAPIError[]): void {
  for (const error of errs) {
    if (!result.errors.some((existing) => existing.message === error.message)) result.errors.push(error);
  }
}

export function merge(result: Result, ...others: (Result | undefined)[]): Result {
  for (const other of others) {
    if (other === undefined) continue;
    addErrors(result, ...other.errors);
    result.matchCount += other.matchCount;
  }
  return result;
}

export function isValid(result: Result | undefined): boolean {
  return result === undefined || result.errors.length === 0;
}
