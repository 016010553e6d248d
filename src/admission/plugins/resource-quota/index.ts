export { QuotaAccounting, type QuotaStatus, type RecalculationListener } from './accounting.js';
export { resourceQuota, type ResourceQuotaOptions } from './plugin.js';
