import { parse as parseYaml } from 'yaml';
import { schemaRegistry } from '../api/schema/index.js';
import { decodeKubeProtobuf, protobufMediaType } from '../machinery/protobuf/index.js';
import { badRequest, notAcceptable, StatusError, unsupportedMediaType } from '../machinery/errors.js';

export type ResponseFormat = 'json' | 'yaml' | 'table' | 'protobuf';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', params: new Map() }];
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    return {
      type: type.toLowerCase(),
      params: new Map(
        params.map((p) => {
          const eq = p.indexOf('=');
          return [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim()] as const;
        }),
      ),
    };
  });
}

function isTableRange(range: MediaRange): boolean {
  return (
    range.params.get('as') === 'Table' &&
    range.params.get('g') === 'meta.k8s.io' &&
    ['v1', 'v1beta1'].includes(range.params.get('v') ?? '')
  );
}

/**
 * Picks the response encoding from Accept in order of preference. Protobuf is not served yet, so clients that
 * also accept JSON (all of client-go's) get JSON; a client that accepts nothing we serve gets 406.
 */
export function negotiateResponse(accept: string | undefined, allowTable: boolean): ResponseFormat {
  for (const range of parseAccept(accept)) {
    if (range.params.has('as')) {
      if (allowTable && isTableRange(range) && (range.type === 'application/json' || range.type === '*/*'))
        return 'table';
      continue;
    }
    if (range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*')
      return 'json';
    if (range.type === 'application/yaml') return 'yaml';
  }
  throw notAcceptable(
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;as=Table;v=v1;g=meta.k8s.io',
  );
}

const jsonTypes = new Set(['application/json', '']);
export const decodableMediaTypes = ['application/json', 'application/yaml', protobufMediaType] as const;

/**
 * Decodes a request body to JSON data: JSON, YAML, or Kubernetes protobuf (built-in kinds, decoded with the
 * schema registry into exactly the JSON the same object would have).
 */
export function decodeBody(contentType: string | undefined, body: Buffer): unknown {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === protobufMediaType) return decodeKubeProtobuf(body, schemaRegistry);
  const text = body.toString('utf8');
  try {
    if (jsonTypes.has(mediaType) || mediaType.endsWith('+json')) return JSON.parse(text);
    if (mediaType === 'application/yaml' || mediaType.endsWith('+yaml')) return parseYaml(text);
  } catch (error) {
    if (error instanceof StatusError) throw error;
    throw badRequest(
      `the object provided is unrecognized: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  throw unsupportedMediaType(mediaType, decodableMediaTypes);
}
