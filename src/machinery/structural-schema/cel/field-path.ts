/**
 * A rule's `fieldPath` (upstream schema/cel ValidFieldPath): a JSON path of `.name` and `['key']` steps
 * from the rule's node, resolved against the schema and normalized to a field.Path string.
 */
import type { JSONSchemaProps } from '../types.js';
import { additionalPropertiesSchema, childPath, keyPath } from '../types.js';

function tokenize(path: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i] ?? '';
    if (c === '.' || c === '[' || c === ']') {
      tokens.push(c);
      i++;
      continue;
    }
    let end = i;
    if (c === "'") {
      end = i + 1;
      while (end < path.length && !(path[end] === "'" && path[end - 1] !== '\\')) end++;
      end = Math.min(end + 1, path.length);
    } else {
      while (end < path.length && !'.[]'.includes(path[end] ?? '')) end++;
    }
    tokens.push(path.slice(i, end));
    i = end;
  }
  return tokens;
}

const escapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  "'": "'",
  '\\': '\\',
};

function unescapeSingleQuoted(s: string): string | Error {
  let error: Error | undefined;
  const out = s.replace(/\\./g, (match) => {
    const replacement = escapes[match[1] ?? ''];
    if (replacement === undefined) error = new Error(`invalid escape char ${match}`);
    return replacement ?? '';
  });
  return error ?? out;
}

/** The normalized path, or the reason the path does not resolve in `schema`. */
export function validFieldPath(
  jsonPath: string,
  schema: JSONSchemaProps,
): { path: string } | { error: string } {
  const tokens = tokenize(jsonPath);
  let path = '';
  let node: JSONSchemaProps | undefined = schema;
  const step = (name: string): string | undefined => {
    if (node === undefined) return 'does not refer to a valid field';
    const properties = node.properties;
    if (properties !== undefined && Object.keys(properties).length > 0) {
      path = childPath(path, name);
      node = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
      return node === undefined ? 'does not refer to a valid field' : undefined;
    }
    if (node.additionalProperties !== undefined) {
      path = keyPath(path, name);
      node = additionalPropertiesSchema(node);
      return undefined;
    }
    return 'does not refer to a valid field';
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '[') {
      const quoted = tokens[++i];
      if (quoted === undefined) return { error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
        return { error: `expected single quoted string but got ${quoted}` };
      }
      const name = unescapeSingleQuoted(quoted.slice(1, -1));
      if (name instanceof Error) return { error: `invalid string literal: ${name.message}` };
      const failure = step(name);
      if (failure !== undefined) return { error: failure };
      const close = tokens[++i];
      if (close === undefined) return { error: 'unexpected end of JSON path' };
      if (close !== ']') return { error: `expected ] but got ${close}` };
    } else if (token === '.') {
      const name = tokens[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      const failure = step(name);
      if (failure !== undefined) return { error: failure };
    } else {
      return { error: `expected [ or . but got: ${token}` };
    }
  }
  return { path };
}
