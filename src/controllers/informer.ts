import type { RequestContext } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import {
  initialEventsEndAnnotation,
  parseListQuery,
  watchObjects,
  type ActiveWatch,
  type ResourceStore,
} from '../registry/index.js';

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerHandlers {
  onEvent(type: ObjectEventType, obj: KubeObject): void;
  /** Called once, after the initial state has been delivered. */
  onSynced?(): void;
}

/**
 * Keeps a controller fed with one resource's objects in one cluster: the initial state, then every change,
 * re-opening the watch from the last seen revision when the server ends it.
 */
export function runInformer(
  rs: ResourceStore,
  ctx: RequestContext,
  logger: Logger,
  handlers: InformerHandlers,
): { stop(): void } {
  let stopped = false;
  let current: ActiveWatch | undefined;
  let lastRevision = '';
  let synced = false;
  const open = (): void => {
    if (stopped) return;
    const query = new URLSearchParams({ allowWatchBookmarks: 'true' });
    if (lastRevision === '') {
      query.set('sendInitialEvents', 'true');
      query.set('resourceVersionMatch', 'NotOlderThan');
      query.set('resourceVersion', '');
    } else query.set('resourceVersion', lastRevision);
    watchObjects(rs, ctx, '', parseListQuery(query, 'watch'), {
      send(event) {
        if (event.type === 'ERROR') {
          lastRevision = ''; // history compacted: start over from a fresh snapshot
          return;
        }
        const obj = event.object;
        lastRevision = obj.metadata.resourceVersion ?? lastRevision;
        if (event.type === 'BOOKMARK') {
          if (!synced && obj.metadata.annotations?.[initialEventsEndAnnotation] === 'true') {
            synced = true;
            handlers.onSynced?.();
          }
          return;
        }
        handlers.onEvent(event.type, obj);
      },
      end() {
        setImmediate(open);
      },
    }).then(
      (watch) => {
        current = watch;
        if (stopped) watch.stop();
      },
      (error: unknown) => {
        logger.error('informer watch failed', { resource: rs.def.plural, error: String(error) });
        lastRevision = '';
        setTimeout(open, 1000).unref();
      },
    );
  };
  open();
  return {
    stop() {
      stopped = true;
      current?.stop();
    },
  };
}
