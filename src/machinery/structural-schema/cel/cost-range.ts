/**
 * Cost ranges and the constants of cel-go's cost model (common/cost.go). Arithmetic saturates at
 * 2^64-1, as cel-go's uint64 arithmetic does.
 */

export const maxCost = 2 ** 64 - 1;

export interface Range {
  min: number;
  max: number;
}

export const unknownSize: Range = { min: 0, max: maxCost };
export const stringTraversalCostFactor = 0.1;
export const regexStringLengthCostFactor = 0.25;
export const listCreateBaseCost = 10;
export const mapCreateBaseCost = 30;

export function sat(n: number): number {
  return n > maxCost ? maxCost : n;
}

export function add(a: Range, b: Range): Range {
  return { min: sat(a.min + b.min), max: sat(a.max + b.max) };
}

export function multiply(a: Range, b: Range): Range {
  return { min: sat(a.min * b.min), max: sat(a.max * b.max) };
}

export function byFactor(a: Range, factor: number): Range {
  return { min: sat(Math.ceil(a.min * factor)), max: sat(Math.ceil(a.max * factor)) };
}

export function union(a: Range, b: Range): Range {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

export function fixed(n: number): Range {
  return { min: n, max: n };
}
