/**
 * A small registry for exercising every strategic merge patch rule on one type, `Widget`, whose fields
 * cover each kind of patch metadata (in the spirit of upstream's test struct, with our own names).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  createSchemaRegistry,
  type SchemaRegistry,
  type TypeSchema,
} from '../../../../src/api/schema/index.js';
import {
  arrayOf,
  int64,
  mapOf,
  merge,
  mergeRetainKeys,
  opt,
  ptr,
  string,
} from '../../../../src/api/schema/build.js';
import { applyStrategicMergePatch } from '../../../../src/machinery/strategic-merge-patch/index.js';

export const widget = 'test.example.v1.Widget';
const part = 'test.example.v1.Part';
const raw = 'test.example.v1.RawExtension';

const partRef = { kind: 'ref', type: part } as const;
const widgetRef = { kind: 'ref', type: widget } as const;

const types: TypeSchema[] = [
  {
    name: widget,
    fields: [
      opt('name', 1, string),
      opt('color', 2, string),
      opt('size', 3, string),
      /** Merged by `name`. */
      opt('parts', 4, arrayOf(partRef, merge('name'))),
      /** No strategy: replaced whole. */
      opt('atomicParts', 5, arrayOf(partRef)),
      /** Scalars merged as a union. */
      opt('tags', 6, arrayOf(int64, merge())),
      opt('atomicTags', 7, arrayOf(int64)),
      opt('labels', 8, mapOf(string)),
      /** A struct replaced whole. */
      opt('replaced', 9, widgetRef, { patchStrategy: 'replace' }),
      /** A union struct (retainKeys tag). */
      opt('union', 10, partRef, { patchStrategy: 'retainKeys' }),
      opt('unionParts', 11, arrayOf(partRef, mergeRetainKeys('name'))),
      opt('raw', 12, { kind: 'ref', type: raw }),
      opt('partsByName', 13, mapOf(partRef)),
      ptr('child', 14, widgetRef),
      opt('grid', 15, arrayOf(arrayOf(int64))),
    ],
  },
  {
    name: part,
    fields: [
      opt('name', 1, string),
      opt('value', 2, string),
      opt('other', 3, string),
      opt('parts', 4, arrayOf(partRef, merge('name'))),
      opt('tags', 5, arrayOf(int64, merge())),
    ],
  },
  { name: raw, fields: [], special: 'raw-extension' },
];

export const widgetRegistry: SchemaRegistry = createSchemaRegistry(types, []);

export function applyToWidget(original: unknown, patch: unknown): unknown {
  return applyStrategicMergePatch(original, patch, widget, widgetRegistry);
}

export type Case = readonly [description: string, original: unknown, patch: unknown, expected: unknown];

/** One test per case: the patch applied to the original gives the expected object. */
export function runCases(cases: readonly Case[]): void {
  for (const [description, original, patch, expected] of cases) {
    it(description, () => {
      assert.deepEqual(applyToWidget(original, patch), expected);
    });
  }
}
