/** The storage layer's public face: the Store contract and its backends. Other layers import only this file. */
export {
  StorageError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StorageErrorCode,
  type Watch,
  type WatchEvent,
  type WatchEventType,
} from './types.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { startCompaction } from './compactor.js';
