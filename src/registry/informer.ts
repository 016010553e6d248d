import type { RequestContext } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import { parseListQuery } from './list-options.js';
import { initialEventsEndAnnotation, watchObjects, type ActiveWatch } from './list-watch.js';
import type { ResourceStore } from './resource-store.js';

export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerHandlers {
  onEvent(type: ObjectEventType, obj: KubeObject): void;
  /**
   * A fresh list begins: the first one, and one after each loss of watch history (410). The events up to
   * `onListed` are then the whole collection, as ADDED; deletions made in the gap are not sent, so a
   * handler that must not keep deleted objects builds its state aside from here and swaps it in there.
   */
  onRelist?(): void;
  /** A fresh list has been delivered; the first call means the initial state is complete. */
  onListed?(): void;
}

const reopenDelayMs = 1000;

/**
 * Keeps an in-process consumer fed with one resource's objects: the initial state, then every change,
 * re-opening the watch from the last seen revision when the server ends it, or from a fresh list when
 * that revision's history is gone.
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
  const open = (): void => {
    if (stopped) return;
    const query = new URLSearchParams({ allowWatchBookmarks: 'true' });
    if (lastRevision === '') {
      query.set('sendInitialEvents', 'true');
      query.set('resourceVersionMatch', 'NotOlderThan');
      query.set('resourceVersion', '');
      handlers.onRelist?.();
    } else query.set('resourceVersion', lastRevision);
    watchObjects(rs, ctx, '', parseListQuery(query, 'watch'), {
      send(event) {
        if (event.type === 'ERROR') {
          lastRevision = ''; // history compacted: start over from a fresh list
          return;
        }
        const obj = event.object;
        lastRevision = obj.metadata.resourceVersion ?? lastRevision;
        if (event.type === 'BOOKMARK') {
          if (obj.metadata.annotations?.[initialEventsEndAnnotation] === 'true') handlers.onListed?.();
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
        setTimeout(open, reopenDelayMs).unref();
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
