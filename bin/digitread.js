#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx, so `npx digitread` works from the repository unbuilt.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
