import type { KubeObject } from './object.js';

/** One column of a server-side Table (meta.k8s.io/v1 TableColumnDefinition) and how to fill its cell. */
export interface TableColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly format?: string;
  readonly description: string;
  /** 0 = always shown; > 0 = only with `-o wide`. */
  readonly priority: number;
  /** Computes the cell; `now` is the render time in ms so Age columns agree within one response. */
  cell(obj: KubeObject, now: number): string | number | boolean;
}
