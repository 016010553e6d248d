export { podSecurity, type PodSecurityOptions } from './plugin.js';
export { policyLabels, type Level, type LevelVersion, type Policy } from './levels.js';
