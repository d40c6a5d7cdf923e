import { sql as v1 } from './001-initial';

/** migrations[i] brings the schema from user_version i to i + 1. Append only; never edit a shipped one. */
export const migrations: readonly string[] = [v1];
