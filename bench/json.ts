/** Narrowing of the JSON the server answers with: only the fields the benchmarks read. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The metadata.resourceVersion of an object or list response. */
export function resourceVersionOf(body: string): string {
  const parsed: unknown = JSON.parse(body);
  const metadata = isRecord(parsed) ? parsed.metadata : undefined;
  const version = isRecord(metadata) ? metadata.resourceVersion : undefined;
  if (typeof version !== 'string')
    throw new Error(`response has no metadata.resourceVersion: ${body.slice(0, 200)}`);
  return version;
}

export interface ListPage {
  readonly items: readonly unknown[];
  /** metadata.continue, '' on the last page. */
  readonly continueToken: string;
}

/** The items and continue token of a list response. */
export function listPageOf(body: string): ListPage {
  const parsed: unknown = JSON.parse(body);
  if (!isRecord(parsed) || !Array.isArray(parsed.items)) throw new Error(`not a list: ${body.slice(0, 200)}`);
  const token = isRecord(parsed.metadata) ? parsed.metadata.continue : undefined;
  return { items: parsed.items, continueToken: typeof token === 'string' ? token : '' };
}
