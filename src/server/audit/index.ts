export { AuditLog, type AuditRecord } from './log.js';
export { auditLevelFor, parseAuditPolicy, type AuditLevel, type AuditPolicy } from './policy.js';
export type { AuditRequest } from './log.js';
