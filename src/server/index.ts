export { createRequestHandler, type ApiServerDeps } from './server.js';
export { listen, type ListenerOptions } from './listener.js';
export { jsonLogger, type Logger } from '../machinery/logger.js';
export { ServerMetrics } from './metrics.js';
export { versionInfo } from './version.js';
export type { HealthCheck } from './health.js';
export { AuditLog, parseAuditPolicy } from './audit/index.js';
