import { string, int32, opt, ptr, req, always } from './build.js';
import { meta, core, events, time, microTime } from './packages.js';
import type { TypeSchema } from './types.js';

export const eventsV1Types: readonly TypeSchema[] = [
  events.kind('Event', 'A report of something that happened to an object.', [
    always('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    req('eventTime', 2, microTime),
    ptr('series', 3, events.ref('EventSeries')),
    opt('reportingController', 4, string),
    opt('reportingInstance', 5, string),
    opt('action', 6, string),
    opt('reason', 7, string),
    opt('regarding', 8, core.ref('ObjectReference')),
    ptr('related', 9, core.ref('ObjectReference')),
    opt('note', 10, string),
    opt('type', 11, string),
    opt('deprecatedSource', 12, core.ref('EventSource')),
    opt('deprecatedFirstTimestamp', 13, time),
    opt('deprecatedLastTimestamp', 14, time),
    opt('deprecatedCount', 15, int32),
  ]),
  events.list('Event'),
  events.type('EventSeries', undefined, [req('count', 1, int32), req('lastObservedTime', 2, microTime)]),
];
