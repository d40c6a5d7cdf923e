import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the database lives when none is given: $DIGITREAD_DB, else the user's data folder
 * (XDG on Linux, Application Support on macOS, LocalAppData on Windows).
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DIGITREAD_DB) return env.DIGITREAD_DB;
  const home = env.HOME ?? homedir();
  const data =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(data, 'digitread', 'digitread.db');
}
