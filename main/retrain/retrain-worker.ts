/**
 * Worker-thread entry for a retrain: training takes a minute or more of solid computation, which must not
 * block the thread that serves the window, the HTTP server or the terminal's progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runRetrainJob, type RetrainJob } from './job';
import type { FromRetrainWorker, ToRetrainWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('Expected to run in a worker thread for retrain-worker but received the main thread');
const send = (m: FromRetrainWorker) => port.postMessage(m);
const abort = new AbortController();
port.on('message', (m: ToRetrainWorker) => {
  if (m.type === 'cancel') abort.abort();
});

try {
  const outcome = await runRetrainJob(workerData as RetrainJob, { signal: abort.signal, onProgress: (progress) => send({ type: 'progress', progress }) });
  send({ type: 'done', outcome });
} catch (error) {
  if (abort.signal.aborted) send({ type: 'cancelled' });
  else send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
} finally {
  port.close();
}
