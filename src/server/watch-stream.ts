import type { RequestContext } from '../machinery/context.js';
import type { KubeObject } from '../machinery/object.js';
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
 * Streams a watch as newline-separated JSON events, flushed one by one. With a Table Accept each object
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
  const asTable = negotiateResponse(req.headers.accept, true) === 'table';
  let headersWritten = false;
  let firstRow = true;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const start = (): void => {
    if (headersWritten) return;
    headersWritten = true;
    openStream(res, 'application/json');
  };
  const encode = (event: ApiWatchEvent): string => {
    if (!asTable || event.type === 'ERROR' || event.type === 'BOOKMARK') return JSON.stringify(event);
    const table = toTable(columnsOf(rs.strategy), [event.object], {
      includeObject: 'Metadata',
      withHeaders: firstRow,
      now: Date.now(),
    });
    firstRow = false;
    return JSON.stringify({ type: event.type, object: table });
  };
  const sink: WatchSink = {
    send(event) {
      start();
      writeChunk(res, `${encode(event)}\n`);
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
