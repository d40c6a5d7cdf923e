/** An engine host in a worker thread: the Node stand-in for the Electron engine window in remote-engine.ts. */
import { workerData, type MessagePort } from 'node:worker_threads';
import { createGpu } from '../../engine/backend';
import { nodePortChannel } from '../../engine/node/port-channel';
import { serveEngine } from '../../engine/remote/host';

serveEngine(nodePortChannel((workerData as { port: MessagePort }).port), createGpu);
