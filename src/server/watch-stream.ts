import { schemaRegistry } from '../api/schema/index.js';
import { apiVersionOf } from '../api/types.js';
import type { RequestContext } from '../machinery/context.js';
import {
  encodeWatchEventFrame,
  hasProtobufSchema,
  protobufWatchMediaType,
} from '../machinery/protobuf/index.js';
import {
  columnsOf,
  toTable,
  type ActiveWatch,
  type ApiWatchEvent,
  type ResourceStore,
  type WatchSink,
} from '../registry/index.js';
import { openStream, writeChunk, type HttpRequest, type HttpResponse } from './http.js';
import { negotiateResponse } from './negotiation.js';

/**
 * Streams a watch as newline-separated JSON events, flushed one by one, or as length-prefixed protobuf
 * frames when the client prefers protobuf. With a Table Accept each object
 * becomes a one-row Table, headers only on the first (upstream watchEmbeddedEncoder). Resolves when the
 * watch ends, by timeout, error, or the client going away.
 */
export async function streamWatch(
  ctx: RequestContext,
  req: HttpRequest,
  res: HttpResponse,
  rs: ResourceStore,
  open: (sink: WatchSink) => Promise<ActiveWatch>,
): Promise<void> {
  const format = negotiateResponse(req.headers.accept, true);
  const asProtobuf =
    format === 'protobuf' && hasProtobufSchema(schemaRegistry, apiVersionOf(rs.def), rs.def.kind);
  let headersWritten = false;
  let firstRow = true;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const start = (): void => {
    if (headersWritten) return;
    headersWritten = true;
    openStream(res, asProtobuf ? protobufWatchMediaType : 'application/json');
  };
  const encode = (event: ApiWatchEvent): string | Buffer => {
    if (asProtobuf) return encodedOnce(event, 'protobuf', () => encodeWatchEventFrame(event, schemaRegistry));
    if (format !== 'table' || event.type === 'ERROR' || event.type === 'BOOKMARK') {
      return encodedOnce(event, 'json', () => `${JSON.stringify(event)}\n`);
    }
    const table = toTable(columnsOf(rs.strategy), [event.object], {
      includeObject: 'Metadata',
      withHeaders: firstRow,
      now: Date.now(),
    });
    firstRow = false;
    return `${JSON.stringify({ type: event.type, object: table })}\n`;
  };
  const sink: WatchSink = {
    send(event) {
      start();
      writeChunk(res, encode(event));
    },
    end() {
      start();
      res.end();
      resolveDone();
    },
  };
  const watch = await open(sink);
  start();
  res.on('close', () => {
    watch.stop();
    resolveDone();
  });
  if (ctx.signal.aborted) watch.stop();
  return done;
}

/**
 * Encoded watch events, shared by every watcher sending the same event object: the registry hands all
 * watchers of an event the same decoded object, so it is serialized once per format, not per watcher.
 */
const encodedEvents = new WeakMap<object, Map<string, string | Buffer>>();

function encodedOnce(
  event: ApiWatchEvent,
  format: 'json' | 'protobuf',
  encode: () => string | Buffer,
): string | Buffer {
  let byFormat = encodedEvents.get(event.object);
  if (byFormat === undefined) encodedEvents.set(event.object, (byFormat = new Map()));
  const key = `${format}|${event.type}`;
  let encoded = byFormat.get(key);
  if (encoded === undefined) byFormat.set(key, (encoded = encode()));
  return encoded;
}
