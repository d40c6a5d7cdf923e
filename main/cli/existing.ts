import { existsSync } from 'node:fs';
import * as db from '../../db';

/** Opens a database that must already exist (export and stats never create an empty one). */
export function openExisting(file: string): db.Connection {
  if (!existsSync(file)) throw new Error(`Expected a DigitRead database for --db but received ${file}, which does not exist (read some scans first)`);
  return db.openDatabase(file);
}
