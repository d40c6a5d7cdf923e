/**
 * The service with its engine elsewhere, as the Electron app runs it: reading goes over a channel to an engine
 * host (here in this process, on webasm; in the app, the GPU window), the window is told which backend reads,
 * and when the host dies the service reads on with webasm in its own thread and says so.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../engine/backend';
import { localEngineLoader, remoteEngineLoader } from '../../engine/node/load';
import { nodePortChannel } from '../../engine/node/port-channel';
import { connectEngineHost } from '../../engine/remote/client';
import { withFallback } from '../../engine/remote/fallback';
import { serveEngine } from '../../engine/remote/host';
import type { HostRequest } from '../../engine/remote/protocol';
import type { BatchEvent } from '../../main/api/contract';
import { createService, type DigitReadService } from '../../main/api/service';
import { tempDir } from '../db/helpers';
import { scanFolder, TEST_MODEL } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let api: DigitReadService;
let images: string[];
let served = 0;
const { port1, port2 } = new MessageChannel();
const far = nodePortChannel(port2);

function read(paths: string[]): Promise<Extract<BatchEvent, { type: 'finished' }>> {
  return new Promise((resolve, reject) => {
    api.startBatch({ paths }).then(({ batchId }) => {
      const off = api.onEvent((e) => {
        if (e.type === 'finished' && e.batchId === batchId) {
          off();
          resolve(e);
        }
      });
    }, reject);
  });
}

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(`${tmp.dir}/scans`, { zip: 2, cheque: 0, seed: 11 });
  far.listen((m) => {
    const request = m as HostRequest;
    if (request.type === 'classify') served += request.count;
  });
  serveEngine(far, createGpu);
  const engine = withFallback(remoteEngineLoader(connectEngineHost(nodePortChannel(port1), { backends: ['webasm'] })), localEngineLoader);
  api = createService({ dbPath: `${tmp.dir}/digitread.db`, modelPath: TEST_MODEL, engine });
});
afterAll(async () => {
  await api?.close();
  port1.close();
  tmp?.cleanup();
});

describe('the service with an injected engine', () => {
  it('reads through the engine host and shows its backend', async () => {
    expect(await read([images[0]])).toMatchObject({ status: 'done', error: null });
    expect(served).toBeGreaterThan(0);
    const info = await api.modelInfo({});
    expect(info).toMatchObject({ backend: 'webasm', backendNote: null });
    const scan = await api.getScan({ scanId: (await api.listScans({})).items[0].id });
    const before = served;
    const maps = await api.featureMaps({ digitId: scan.fields[0].digits[0].id });
    expect(maps.layers.map((l) => l.name)).toEqual(['input', 'c1', 's2', 'c3', 's4', 'c5', 'f6', 'scores', 'probabilities']);
    expect(served).toBe(before); // activations are their own request
  });

  it('reads on in its own thread when the host dies, and says why', async () => {
    far.post({ type: 'gone', reason: 'its process ended (oom)' });
    const before = served;
    expect(await read([images[1]])).toMatchObject({ status: 'done', error: null });
    expect(served).toBe(before);
    expect((await api.listScans({})).items.every((s) => s.state !== 'failed')).toBe(true);
    const info = await api.modelInfo({});
    expect(info.backend).toBe('webasm');
    expect(info.backendNote).toBe('GPU engine failed, reading on: The GPU engine window stopped: its process ended (oom)');
  });
});
