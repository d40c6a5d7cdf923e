/**
 * Worker-thread entry: decodes and segments the scans the pipeline sends, asking the pipeline thread to
 * classify candidate digits (see segment-protocol.ts). Several scans are in hand at once, so that one waits
 * for the engine while another is segmented.
 */
import { parentPort } from 'node:worker_threads';
import { DIGIT_PIXELS, type Recognizer } from '../../engine/recognizer';
import { readScan } from '../segmentation';
import { errorText, type FromSegmentWorker, type ToSegmentWorker } from './segment-protocol';

const port = parentPort;
if (!port) throw new Error('Expected to run in a worker thread for segment-worker but received the main thread');
const send = (message: FromSegmentWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const jobs = new Map<number, AbortController>();
const requests = new Map<number, { resolve: (probs: Float32Array[]) => void; reject: (err: Error) => void }>();
let nextRequest = 1;

const remote: Recognizer = {
  classify(inputs, o) {
    if (inputs.length === 0) return Promise.resolve([]);
    const packed = new Uint8Array(inputs.length * DIGIT_PIXELS);
    inputs.forEach((x, i) => packed.set(x, i * DIGIT_PIXELS));
    const request = nextRequest++;
    return new Promise((resolve, reject) => {
      requests.set(request, { resolve, reject });
      send({ type: 'classify', request, inputs: packed, committee: o?.committee ?? false }, [packed.buffer]);
    });
  },
};

async function read(m: Extract<ToSegmentWorker, { type: 'read' }>): Promise<void> {
  const controller = new AbortController();
  jobs.set(m.job, controller);
  try {
    const data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    const pages = await readScan({ file: m.file, data }, { kind: m.kind, recognizer: remote, signal: controller.signal });
    send({ type: 'read', job: m.job, pages });
  } catch (err) {
    send({ type: 'failed', job: m.job, error: errorText(err) });
  } finally {
    jobs.delete(m.job);
  }
}

port.on('message', (m: ToSegmentWorker) => {
  switch (m.type) {
    case 'read':
      void read(m);
      break;
    case 'cancel':
      jobs.get(m.job)?.abort();
      break;
    case 'probs': {
      const r = requests.get(m.request);
      requests.delete(m.request);
      if ('error' in m) r?.reject(new Error(m.error));
      else r?.resolve(Array.from({ length: m.probs.length / 10 }, (_, i) => m.probs.slice(i * 10, i * 10 + 10)));
      break;
    }
  }
});
