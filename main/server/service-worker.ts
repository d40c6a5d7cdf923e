/**
 * Worker-thread entry: owns the service (SQLite store and reading pipeline) so that reading a batch never blocks
 * the thread that serves the window or HTTP. Calls arrive validated; results and batch events go back as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { localEngineLoader, remoteEngineLoader } from '../../engine/node/load';
import { nodePortChannel } from '../../engine/node/port-channel';
import { connectEngineHost } from '../../engine/remote/client';
import { withFallback } from '../../engine/remote/fallback';
import { createService } from '../api/service';
import { invoke } from './dispatch';
import type { FromWorker, ServiceWorkerOptions, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('Expected to run in a worker thread for service-worker but received the main thread');
const send = (message: FromWorker) => port.postMessage(message);

try {
  const { enginePort, ...options } = workerData as ServiceWorkerOptions;
  const engine = enginePort
    ? withFallback(remoteEngineLoader(connectEngineHost(nodePortChannel(enginePort))), localEngineLoader)
    : localEngineLoader;
  const service = createService({ ...options, engine });
  service.onEvent((event) => send({ type: 'event', event }));
  port.on('message', (message: ToWorker) => {
    if (message.type === 'call') {
      void invoke(service, message.call).then((result) => send({ type: 'result', id: message.id, result }));
    } else {
      // Running batches stop after the file in hand and stay resumable; then the store closes.
      void service.close().finally(() => {
        send({ type: 'closed' });
        port.close();
      });
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
}
