/**
 * Go's sort.SliceStable (insertion sort on blocks of 20, then SymMerge), step for step. Upstream orders
 * merged lists with a comparator that is not a strict weak order (it answers "less" whenever an item is
 * missing from the reference order), so only the same algorithm yields the same order in those cases.
 */
type Less = (i: number, j: number) => boolean;

/** Sorts `items` in place; `less` compares two items. */
export function sliceStable<T>(items: T[], less: (a: T, b: T) => boolean): void {
  const at = (i: number): T => items[i] as T;
  const lessAt: Less = (i, j) => less(at(i), at(j));
  const swap = (i: number, j: number): void => {
    const held = at(i);
    items[i] = at(j);
    items[j] = held;
  };
  stable(items.length, lessAt, swap);
}

function stable(n: number, less: Less, swap: (i: number, j: number) => void): void {
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(a, b, less, swap);
    a = b;
    b += blockSize;
  }
  insertionSort(a, n, less, swap);
  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(a, a + blockSize, b, less, swap);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) symMerge(a, m, n, less, swap);
    blockSize *= 2;
  }
}

function insertionSort(a: number, b: number, less: Less, swap: (i: number, j: number) => void): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
  }
}

/** Merges the sorted runs [a, m) and [m, b) (Kim and Kutzner's SymMerge, as Go implements it). */
function symMerge(a: number, m: number, b: number, less: Less, swap: (i: number, j: number) => void): void {
  if (m - a === 1) {
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (less(h, a)) i = h + 1;
      else j = h;
    }
    for (let k = a; k < i - 1; k++) swap(k, k + 1);
    return;
  }
  if (b - m === 1) {
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!less(m, h)) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) swap(k, k - 1);
    return;
  }
  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start = m > mid ? n - b : a;
  let r = m > mid ? mid : m;
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!less(p - c, c)) start = c + 1;
    else r = c;
  }
  const end = n - start;
  if (start < m && m < end) rotate(start, m, end, swap);
  if (a < start && start < mid) symMerge(a, start, mid, less, swap);
  if (mid < end && end < b) symMerge(mid, end, b, less, swap);
}

/** Rotates [a, m) and [m, b) by block swaps. */
function rotate(a: number, m: number, b: number, swap: (i: number, j: number) => void): void {
  let i = m - a;
  let j = b - m;
  while (i !== j) {
    if (i > j) {
      swapRange(m - i, m, j, swap);
      i -= j;
    } else {
      swapRange(m - i, m + j - i, i, swap);
      j -= i;
    }
  }
  swapRange(m - i, m, i, swap);
}

function swapRange(a: number, b: number, n: number, swap: (i: number, j: number) => void): void {
  for (let i = 0; i < n; i++) swap(a + i, b + i);
}
