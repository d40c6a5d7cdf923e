import { sql as v1 } from './001-initial';
import { sql as v2 } from './002-retrain';

/** migrations[i] brings the schema from user_version i to i + 1. Append only; never edit a shipped one. */
export const migrations: readonly string[] = [v1, v2];
