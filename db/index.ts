/** The DigitRead store: better-sqlite3 and SQL only. */
export { openDatabase, migrate, schemaVersion, Connection, type OpenOptions } from './open';
export * from './records';
export * from './models';
export * from './training';
export * from './batches';
export * from './scans';
export * from './review';
export { applyLabels } from './text';
export * from './stats';
export * from './retrain';
