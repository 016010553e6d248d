import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('events.k8s.io', 'v1');

/** The same short name as core events; the RESTMapper prefers core because its group ranks first. */
export const eventsResources: readonly ResourceDefinition[] = [
  v1.namespaced('Event', 'events', { shortNames: ['ev'] }),
];
