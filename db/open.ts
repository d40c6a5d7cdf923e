import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations/index';

export interface OpenOptions {
  /**
   * Path to a better_sqlite3.node built for the running runtime. Node uses the one in node_modules; the
   * Electron shell passes the binary rebuilt for Electron's ABI (see the report / README).
   */
  nativeBinding?: string;
  readonly?: boolean;
}

/** A connection with a cache of prepared statements: prepare once, run many. */
export class Connection {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(readonly raw: Database.Database) {}

  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as unknown as Database.Statement<P, R>;
  }

  /** Runs fn in one transaction (IMMEDIATE, so a writer never upgrades a read lock and deadlocks). */
  tx<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.raw.open) this.raw.close();
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations above the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database, steps: readonly string[] = migrations): void {
  const found = schemaVersion(db);
  if (found > steps.length) {
    throw new Error(`Expected a database of schema version ${steps.length} or lower but received version ${found}`);
  }
  for (let v = found; v < steps.length; v++) {
    db.transaction(() => {
      // Re-read inside the transaction: another process may have migrated since.
      if (schemaVersion(db) !== v) return;
      db.exec(steps[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

/** Opens (creating if needed) a DigitRead database: WAL, foreign keys, migrated to the latest schema. */
export function openDatabase(file: string, options: OpenOptions = {}): Connection {
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    timeout: 10_000, // wait for a writer in another process (CLI beside the app) instead of failing
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL'); // safe with WAL: a crash can lose the last commits, never consistency
    if (!options.readonly) migrate(db);
    return new Connection(db);
  } catch (err) {
    db.close();
    throw err;
  }
}
