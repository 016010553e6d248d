/**
 * Server-side field validation (`fieldValidation=Strict|Warn|Ignore`): finds the fields of a request body the
 * schema registry does not know, and keys given twice, worded as upstream's strict JSON decoder
 * (sigs.k8s.io/json `kubernetes_patch.go`: `unknown field "spec.foo"`, `duplicate field "metadata.name"`), and
 * turns them into upstream's error or warnings (k8s.io/apiserver `pkg/endpoints/handlers/create.go`,
 * `update.go`, `rest.go` transformDecodeError, `patch.go`; k8s.io/apimachinery `pkg/runtime/error.go`).
 */
import type { FieldSchema, FieldType, SchemaRegistry, TypeName } from '../api/schema/index.js';
import { badRequest, invalid, type StatusError } from './errors.js';

export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

/**
 * The `fieldValidation` query parameter. Absent or empty means Warn, upstream's server default
 * (handlers/rest.go `fieldValidation`); kubectl sends Strict unless told `--validate=warn|false`.
 * Throws a 400 for any other value.
 */
export function fieldValidationMode(value: string | null): FieldValidationMode {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

/** Upstream's strict decoder stops collecting after this many problems (`saveStrictError`). */
const maxProblems = 100;
/** Upstream's JSON scanner refuses deeper nesting (encoding/json `maxNestingDepth`). */
const maxDepth = 10000;

/** A parsed JSON value that keeps every key of an object in order, duplicates included. */
type JsonNode =
  | { readonly type: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] }
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'scalar' };

/** What the walker needs of a value: a JsonNode from the text, or already-decoded JSON data. */
type View<T> =
  | { readonly type: 'object'; readonly entries: readonly (readonly [string, T])[] }
  | { readonly type: 'array'; readonly items: readonly T[] }
  | { readonly type: 'scalar' };

const nodeView = (node: JsonNode): View<JsonNode> => node;

function valueView(value: unknown): View<unknown> {
  if (Array.isArray(value)) return { type: 'array', items: value };
  if (typeof value === 'object' && value !== null) return { type: 'object', entries: Object.entries(value) };
  return { type: 'scalar' };
}

/** Collects problems the way upstream's decoder does: deduplicated, at most 100, in the order found. */
class Problems {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();

  add(problem: 'unknown field' | 'duplicate field', path: string): void {
    const message = `${problem} ${goQuote(path)}`;
    if (this.list.length >= maxProblems || this.seen.has(message)) return;
    this.seen.add(message);
    this.list.push(message);
  }
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const fieldIndex = new WeakMap<readonly FieldSchema[], ReadonlyMap<string, FieldSchema>>();

function fieldsByName(registry: SchemaRegistry, type: TypeName): ReadonlyMap<string, FieldSchema> {
  const fields = registry.jsonFields(type);
  let index = fieldIndex.get(fields);
  if (index === undefined) fieldIndex.set(fields, (index = new Map(fields.map((f) => [f.name, f]))));
  return index;
}

/**
 * Walks a value along its schema, like Go's strict decoding into the typed struct: unknown keys are reported
 * and not descended into; map keys and known struct fields given twice are duplicates; special types
 * (Quantity, IntOrString, Time, RawExtension, free-form JSON …) decode themselves and are never inspected.
 */
class SchemaWalker<T> {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly view: (value: T) => View<T>,
    readonly problems: Problems,
  ) {}

  walkType(name: TypeName, value: T, path: string): void {
    const type = this.registry.typeByName(name);
    // A type the registry does not describe (or one that decodes itself) accepts anything.
    if (type === undefined || type.special !== undefined) return;
    const view = this.view(value);
    if (view.type !== 'object') return;
    const fields = fieldsByName(this.registry, name);
    const seen = new Set<string>();
    for (const [key, child] of view.entries) {
      const field = fields.get(key);
      if (field === undefined) {
        this.problems.add('unknown field', childPath(path, key));
        continue;
      }
      if (seen.has(key)) this.problems.add('duplicate field', childPath(path, key));
      seen.add(key);
      this.walkField(field.type, child, childPath(path, key));
    }
  }

  private walkField(type: FieldType, value: T, path: string): void {
    switch (type.kind) {
      case 'ref':
        return this.walkType(type.type, value, path);
      case 'map': {
        const view = this.view(value);
        if (view.type !== 'object') return;
        const seen = new Set<string>();
        for (const [key, child] of view.entries) {
          if (seen.has(key)) this.problems.add('duplicate field', childPath(path, key));
          seen.add(key);
          this.walkField(type.values, child, childPath(path, key));
        }
        return;
      }
      case 'array': {
        const view = this.view(value);
        if (view.type !== 'array') return;
        view.items.forEach((item, i) => this.walkField(type.items, item, `${path}[${i}]`));
        return;
      }
      default:
        return;
    }
  }
}

/**
 * The fields of decoded JSON data (`obj`, e.g. a YAML body or a patched object) that the schema of `kindType`
 * does not know, as upstream words them: `unknown field "spec.foo"`, list items as
 * `unknown field "spec.containers[0].foo"`. An unknown field's own content is not inspected; map values are
 * checked against the map's value schema; RawExtension, free-form JSON and types the registry does not know
 * accept anything. Never mutates `obj`.
 */
export function unknownFields(kindType: TypeName, obj: unknown, registry: SchemaRegistry): string[] {
  const walker = new SchemaWalker(registry, valueView, new Problems());
  walker.walkType(kindType, obj, '');
  return walker.problems.list;
}

/**
 * Removes, in place, every field `unknownFields` reports, so the object stored is what upstream's typed
 * decoding keeps: unknown fields never survive a Warn or Ignore request there. Runs after field validation.
 */
export function dropUnknownFields(kindType: TypeName, obj: unknown, registry: SchemaRegistry): void {
  dropInType(registry, kindType, obj);
}

function dropInType(registry: SchemaRegistry, name: TypeName, value: unknown): void {
  const type = registry.typeByName(name);
  if (type === undefined || type.special !== undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  const fields = fieldsByName(registry, name);
  for (const key of Object.keys(record)) {
    const field = fields.get(key);
    if (field === undefined) delete record[key];
    else dropInField(registry, field.type, record[key]);
  }
}

function dropInField(registry: SchemaRegistry, type: FieldType, value: unknown): void {
  if (type.kind === 'ref') dropInType(registry, type.type, value);
  else if (type.kind === 'array' && Array.isArray(value)) {
    for (const item of value) dropInField(registry, type.items, item);
  } else if (type.kind === 'map' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const item of Object.values(value)) dropInField(registry, type.values, item);
  }
}

/**
 * Keys given twice in the same JSON object anywhere in `jsonText`, as upstream words them:
 * `duplicate field "metadata.name"`. Expects text JSON.parse accepts (throws a SyntaxError otherwise); nesting
 * deeper than upstream's 10000 levels is a 400 `json: exceeded max depth`.
 */
export function duplicateFields(jsonText: string): string[] {
  const problems = new Problems();
  interface Frame {
    readonly node: JsonNode;
    readonly path: string;
    readonly seen: Set<string>;
    next: number;
  }
  const stack: Frame[] = [{ node: parseJsonNodes(jsonText), path: '', seen: new Set(), next: 0 }];
  // Depth-first, in document order, without recursion (bodies may nest 10000 levels deep).
  for (let frame = stack[0]; frame !== undefined; frame = stack[stack.length - 1]) {
    const { node, path } = frame;
    const index = frame.next++;
    let child: { node: JsonNode; path: string } | undefined;
    if (node.type === 'object' && index < node.entries.length) {
      const [key, value] = node.entries[index] ?? ['', node];
      if (frame.seen.has(key)) problems.add('duplicate field', childPath(path, key));
      frame.seen.add(key);
      child = { node: value, path: childPath(path, key) };
    } else if (node.type === 'array' && index < node.items.length) {
      child = { node: node.items[index] ?? node, path: `${path}[${index}]` };
    }
    if (child === undefined) stack.pop();
    else stack.push({ ...child, seen: new Set(), next: 0 });
  }
  return problems.list;
}

/**
 * Everything upstream's strict JSON decoder reports for a JSON body decoded into `kindType`: unknown and
 * duplicate fields in one list, in document order (duplicates are found only where Go's decoder looks:
 * known struct fields and map keys, not inside unknown fields or free-form values). Use this for JSON
 * request bodies; `unknownFields` for bodies that arrive in another form. Expects text JSON.parse accepts;
 * throws like `duplicateFields`.
 */
export function strictDecodingProblems(
  kindType: TypeName,
  jsonText: string,
  registry: SchemaRegistry,
): string[] {
  const walker = new SchemaWalker(registry, nodeView, new Problems());
  walker.walkType(kindType, parseJsonNodes(jsonText), '');
  return walker.problems.list;
}

/** Where the problems were found; decides the shape of upstream's Strict error. */
export type StrictErrorContext =
  /** A create or update body of `kind` in `version` (handlers/rest.go transformDecodeError). */
  | { readonly source: 'body'; readonly kind: string; readonly version: string }
  /**
   * A patch (handlers/patch.go): `value` is what upstream shows as the invalid value, the patched object's
   * JSON for JSON and merge patches, the patch map in Go's `%+v` form for strategic ones (`formatGo` of
   * machinery/strategic-merge-patch/go-values.ts).
   */
  | { readonly source: 'patch'; readonly value: string };

export interface FieldValidationResult {
  /** Set only in Strict mode when there are problems: the request must fail with it. */
  readonly error?: StatusError;
  /** Warn mode: one `Warning` header per problem. */
  readonly warnings: readonly string[];
}

/**
 * Upstream's reaction to unknown/duplicate fields: Strict fails the request with all problems joined by ", "
 * after `strict decoding error: ` (runtime/error.go strictDecodingError); Warn returns each problem as a
 * warning; Ignore drops them. Without a context the Strict error is a bare 400 `strict decoding error: …`.
 */
export function applyFieldValidation(
  mode: FieldValidationMode,
  problems: readonly string[],
  context?: StrictErrorContext,
): FieldValidationResult {
  if (problems.length === 0 || mode === 'Ignore') return { warnings: [] };
  if (mode === 'Warn') return { warnings: [...problems] };
  const strict = `strict decoding error: ${problems.join(', ')}`;
  if (context === undefined) return { error: badRequest(strict), warnings: [] };
  if (context.source === 'body') {
    const { kind, version } = context;
    return {
      error: badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${strict}`),
      warnings: [],
    };
  }
  // errors.NewInvalid(schema.GroupKind{}, "", field.Invalid(field.NewPath("patch"), value, strict)).
  const error = invalid('', '', '', [
    { type: 'FieldValueInvalid', field: 'patch', value: context.value, detail: strict },
  ]);
  return { error, warnings: [] };
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const shortEscapes: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's strconv.Quote: printable characters as they are, others escaped (\n, \x01, \u00a0, \U0001f600 …). */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const short = shortEscapes[char];
    const code = char.codePointAt(0) ?? 0;
    if (short !== undefined) out += short;
    else if (printable.test(char)) out += char;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Parses JSON text into nodes that keep duplicate keys, iteratively (no recursion limit but `maxDepth`).
 * Scalars are only skipped over; JSON.parse stays the authority on values and syntax.
 */
const scalarPattern = /true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function parseJsonNodes(text: string): JsonNode {
  type Frame =
    | { type: 'object'; entries: [string, JsonNode][]; key: string | undefined }
    | { type: 'array'; items: JsonNode[] };
  const stack: Frame[] = [];
  let pos = 0;
  let result: JsonNode | undefined;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at position ${pos}: ${what}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] ?? '')) pos++;
  };
  const readString = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const skipScalar = (): void => {
    if (text[pos] === '"') {
      readString();
      return;
    }
    scalarPattern.lastIndex = pos;
    const match = scalarPattern.exec(text) ?? fail('unexpected character');
    pos += match[0].length;
  };
  /** Attaches a finished value to the open container, or makes it the result. */
  const emit = (node: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) result = node;
    else if (top.type === 'array') top.items.push(node);
    else {
      top.entries.push([top.key ?? fail('value without key'), node]);
      top.key = undefined;
    }
  };
  /** After a value inside a container: `,` continues it, the closing bracket finishes it. */
  const afterValue = (): boolean => {
    for (;;) {
      skipSpace();
      const top = stack[stack.length - 1];
      if (top === undefined) return false;
      const close = top.type === 'object' ? '}' : ']';
      if (text[pos] === ',') {
        pos++;
        return true;
      }
      if (text[pos] !== close) fail(`expected "," or "${close}"`);
      pos++;
      stack.pop();
      emit(top.type === 'object' ? { type: 'object', entries: top.entries } : top);
    }
  };
  const readKey = (top: Frame): void => {
    if (top.type !== 'object') return;
    skipSpace();
    if (text[pos] !== '"') fail('expected a key');
    top.key = readString();
    skipSpace();
    if (text[pos] !== ':') fail('expected ":"');
    pos++;
  };
  for (;;) {
    skipSpace();
    const char = text[pos];
    if (char === '{' || char === '[') {
      if (stack.length >= maxDepth) throw badRequest('json: exceeded max depth');
      pos++;
      skipSpace();
      const empty = text[pos] === (char === '{' ? '}' : ']');
      if (empty) {
        pos++;
        emit(char === '{' ? { type: 'object', entries: [] } : { type: 'array', items: [] });
      } else {
        const frame: Frame =
          char === '{' ? { type: 'object', entries: [], key: undefined } : { type: 'array', items: [] };
        stack.push(frame);
        readKey(frame);
        continue;
      }
    } else {
      skipScalar();
      emit({ type: 'scalar' });
    }
    if (!afterValue()) break;
    const top = stack[stack.length - 1];
    if (top !== undefined) readKey(top);
  }
  skipSpace();
  if (pos < text.length || result === undefined) fail('unexpected trailing data');
  return result ?? fail('no value');
}
