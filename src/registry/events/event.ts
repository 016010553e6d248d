import type { Strategy } from '../strategy.js';
import { eventStrategy } from '../core/event.js';
import type { EventShape } from '../core/event.js';

/** events.k8s.io/v1 names for the core Event fields (upstream pkg/apis/events/v1 conversion). */
export const eventsV1Shape: EventShape = {
  regarding: 'regarding',
  note: 'note',
  firstTimestamp: 'deprecatedFirstTimestamp',
  lastTimestamp: 'deprecatedLastTimestamp',
  count: 'deprecatedCount',
  source: 'deprecatedSource',
  reportingController: 'reportingController',
};

/** events.k8s.io/v1 Events print and select like core Events, under their own field names. */
export const eventsV1Strategy: Strategy = eventStrategy(eventsV1Shape);
