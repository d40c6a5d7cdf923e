import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';

/**
 * better-sqlite3 built for Electron's ABI. node_modules holds the build for Node (the CLI, tests, browser mode),
 * so the Electron build lives apart: `native/electron/better_sqlite3.node` in development, and
 * `resources/native/better_sqlite3.node` in a packaged app. Undefined when there is none (the store then loads
 * the default binding, which works only if it happens to match).
 */
export function sqliteBinding(): string | undefined {
  const candidates = app.isPackaged
    ? [join(process.resourcesPath, 'native', 'better_sqlite3.node')]
    : [join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node')];
  return candidates.find((path) => existsSync(path));
}
