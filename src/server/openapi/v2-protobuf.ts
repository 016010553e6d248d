/**
 * The Swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf
 * (github.com/google/gnostic openapiv2/OpenAPIv2.proto), the only form client-go's `OpenAPISchema()` reads
 * (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). Covers the parts of the format
 * our documents use. Proto3: zero values are not written; vendor extensions and other free-form values
 * travel as YAML text in `Any.yaml`, which kube-openapi's readers decode.
 */
import { stringify as stringifyYaml } from 'yaml';
import { ProtoWriter } from '../../machinery/protobuf/wire.js';
import type { JsonObject, JsonValue } from './schemas.js';

/** Encodes a Swagger 2.0 document built by v2.ts. Throws on a shape this encoder does not know. */
export function encodeOpenApiV2(document: JsonObject): Buffer {
  const w = new ProtoWriter();
  str(w, 1, document.swagger);
  const info = obj(document.info);
  const infoWriter = new ProtoWriter();
  str(infoWriter, 1, info.title);
  str(infoWriter, 2, info.version);
  w.message(2, infoWriter);
  const paths = new ProtoWriter();
  for (const [name, item] of Object.entries(obj(document.paths))) {
    paths.message(2, named(name, pathItem(obj(item))));
  }
  w.message(8, paths);
  w.message(9, namedSchemas(obj(document.definitions)));
  for (const requirement of arr(document.security)) {
    const req = new ProtoWriter();
    for (const [name, scopes] of Object.entries(obj(requirement))) {
      const values = new ProtoWriter();
      for (const scope of arr(scopes)) values.string(1, String(scope));
      req.message(1, named(name, values));
    }
    w.message(12, req);
  }
  const securityDefinitions = new ProtoWriter();
  for (const [name, definition] of Object.entries(obj(document.securityDefinitions))) {
    const d = obj(definition);
    const apiKey = new ProtoWriter();
    str(apiKey, 1, d.type);
    str(apiKey, 2, d.name);
    str(apiKey, 3, d.in);
    str(apiKey, 4, d.description);
    const item = new ProtoWriter();
    item.message(2, apiKey);
    securityDefinitions.message(1, named(name, item));
  }
  w.message(13, securityDefinitions);
  return w.finish();
}

const methodFields: Readonly<Record<string, number>> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

function pathItem(item: JsonObject): ProtoWriter {
  const w = new ProtoWriter();
  for (const [method, number] of Object.entries(methodFields)) {
    const op = item[method];
    if (op !== undefined) w.message(number, operation(obj(op)));
  }
  for (const parameter of arr(item.parameters)) w.message(9, parametersItem(obj(parameter)));
  return w;
}

function operation(op: JsonObject): ProtoWriter {
  const w = new ProtoWriter();
  for (const tag of arr(op.tags)) w.string(1, String(tag));
  str(w, 3, op.description);
  str(w, 5, op.operationId);
  for (const type of arr(op.produces)) w.string(6, String(type));
  for (const type of arr(op.consumes)) w.string(7, String(type));
  for (const parameter of arr(op.parameters)) w.message(8, parametersItem(obj(parameter)));
  const responses = new ProtoWriter();
  for (const [code, response] of Object.entries(obj(op.responses))) {
    const r = obj(response);
    const rw = new ProtoWriter();
    str(rw, 1, r.description);
    // SchemaItem{schema = 1}.
    if (r.schema !== undefined) rw.message(2, wrap(1, schema(obj(r.schema))));
    // NamedResponseValue{name, ResponseValue{response = 1}}.
    responses.message(1, named(code, wrap(1, rw)));
  }
  w.message(9, responses);
  for (const scheme of arr(op.schemes)) w.string(10, String(scheme));
  vendorExtensions(w, 13, op);
  return w;
}

/** ParametersItem{parameter = 1: Parameter{body_parameter = 1 | non_body_parameter = 2}}. */
function parametersItem(p: JsonObject): ProtoWriter {
  const parameter = new ProtoWriter();
  if (p.in === 'body') {
    const body = new ProtoWriter();
    str(body, 1, p.description);
    str(body, 2, p.name);
    str(body, 3, p.in);
    bool(body, 4, p.required);
    if (p.schema !== undefined) body.message(5, schema(obj(p.schema)));
    parameter.message(1, body);
  } else {
    // Query (sub-message 3) and path (4) parameters share their first fields; type and uniqueItems differ.
    const query = p.in === 'query';
    const sub = new ProtoWriter();
    bool(sub, 1, p.required);
    str(sub, 2, p.in);
    str(sub, 3, p.description);
    str(sub, 4, p.name);
    str(sub, query ? 6 : 5, p.type);
    bool(sub, query ? 20 : 19, p.uniqueItems);
    if (p.in !== 'query' && p.in !== 'path')
      throw new Error(`OpenAPI v2 protobuf: parameter in ${String(p.in)}`);
    parameter.message(2, wrap(query ? 3 : 4, sub));
  }
  return wrap(1, parameter);
}

function schema(s: JsonObject): ProtoWriter {
  const w = new ProtoWriter();
  str(w, 1, s.$ref);
  str(w, 2, s.format);
  str(w, 3, s.title);
  str(w, 4, s.description);
  if (s.default !== undefined) w.message(5, any(s.default));
  num(w, 6, s.multipleOf, 'double');
  num(w, 7, s.maximum, 'double');
  bool(w, 8, s.exclusiveMaximum);
  num(w, 9, s.minimum, 'double');
  bool(w, 10, s.exclusiveMinimum);
  num(w, 11, s.maxLength, 'int64');
  num(w, 12, s.minLength, 'int64');
  str(w, 13, s.pattern);
  num(w, 14, s.maxItems, 'int64');
  num(w, 15, s.minItems, 'int64');
  bool(w, 16, s.uniqueItems);
  num(w, 17, s.maxProperties, 'int64');
  num(w, 18, s.minProperties, 'int64');
  for (const name of arr(s.required)) w.string(19, String(name));
  for (const value of arr(s.enum)) w.message(20, any(value));
  if (s.additionalProperties !== undefined) {
    const additional = s.additionalProperties;
    const item = new ProtoWriter();
    if (typeof additional === 'boolean') item.varint(2, additional);
    else item.message(1, schema(obj(additional)));
    w.message(21, item);
  }
  if (s.type !== undefined) w.message(22, typeItem(s.type));
  if (s.items !== undefined) w.message(23, wrap(1, schema(obj(s.items))));
  for (const sub of arr(s.allOf)) w.message(24, schema(obj(sub)));
  if (s.properties !== undefined) w.message(25, namedSchemas(obj(s.properties)));
  vendorExtensions(w, 31, s);
  return w;
}

function typeItem(type: JsonValue): ProtoWriter {
  const w = new ProtoWriter();
  for (const t of Array.isArray(type) ? type : [type]) w.string(1, String(t));
  return w;
}

function namedSchemas(schemas: JsonObject): ProtoWriter {
  const w = new ProtoWriter();
  for (const [name, s] of Object.entries(schemas)) w.message(1, named(name, schema(obj(s))));
  return w;
}

/** Every `x-` key of an object as NamedAny{name, Any{yaml}}. */
function vendorExtensions(w: ProtoWriter, number: number, object: JsonObject): void {
  for (const [name, value] of Object.entries(object)) {
    if (name.startsWith('x-')) w.message(number, named(name, any(value)));
  }
}

/** Any{yaml = 2}: a free-form value as YAML text. */
function any(value: JsonValue): ProtoWriter {
  const w = new ProtoWriter();
  w.string(2, stringifyYaml(value));
  return w;
}

/** The Named* messages: {name = 1, value = 2}. */
function named(name: string, value: ProtoWriter): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, name);
  w.message(2, value);
  return w;
}

function wrap(number: number, inner: ProtoWriter): ProtoWriter {
  const w = new ProtoWriter();
  w.message(number, inner);
  return w;
}

function str(w: ProtoWriter, number: number, value: JsonValue | undefined): void {
  if (value === undefined || value === '') return;
  if (typeof value !== 'string') throw new Error(`OpenAPI v2 protobuf: field ${number} is not a string`);
  w.string(number, value);
}

/** A number field (custom resource value validations); proto3 leaves zero out. */
function num(w: ProtoWriter, number: number, value: JsonValue | undefined, type: 'double' | 'int64'): void {
  if (value === undefined || value === 0) return;
  if (typeof value !== 'number') throw new Error(`OpenAPI v2 protobuf: field ${number} is not a number`);
  if (type === 'double') w.double(number, value);
  else w.varint(number, Math.trunc(value));
}

function bool(w: ProtoWriter, number: number, value: JsonValue | undefined): void {
  if (value === true) w.varint(number, true);
}

function obj(value: JsonValue | undefined): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('OpenAPI v2 protobuf: expected an object');
  }
  return value;
}

function arr(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('OpenAPI v2 protobuf: expected an array');
  return value;
}
