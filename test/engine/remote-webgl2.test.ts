/**
 * The Electron GPU engine window's page for real: renderer/engine.html built by Vite in production mode, in
 * Chromium on WebGL2 (SwiftShader), driven over a MessagePort by the same client the service uses. It must read
 * as the webasm engine in Node does, digit for digit, and so must the service reading scans through it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { padTo32 } from '../../engine/data/dataset';
import { LAYER_NAMES } from '../../engine/graph';
import type { LoadedRecognizer } from '../../engine/loaded';
import { loadMnist } from '../../engine/node/mnist';
import { loadRecognizer, remoteEngineLoader, SHIPPED_MODEL_PATH } from '../../engine/node/load';
import { connectEngineHost, EngineHostError, GPU_BACKENDS, type EngineHost } from '../../engine/remote/client';
import { DIGIT_PIXELS } from '../../engine/recognizer';
import type { BatchEvent } from '../../main/api/contract';
import { createService, type DigitReadService } from '../../main/api/service';
import { tempDir } from '../db/helpers';
import { scanFolder } from '../pipeline/fixtures';
import { openEngineHostPage } from '../support/engine-host-page';

// More than the largest graph (256), and not a multiple of any, so every graph size and the padding run.
const COUNT = 300;
let page: Awaited<ReturnType<typeof openEngineHostPage>>;
let host: EngineHost;
let gpu: LoadedRecognizer;
let local: LoadedRecognizer;
let digits: Uint8Array[];
let refusal: unknown;

beforeAll(async () => {
  page = await openEngineHostPage();
  // The app's client first: it must refuse SwiftShader, which is no GPU. Then one that accepts it, to test on.
  const strict = connectEngineHost(page.channel);
  refusal = await remoteEngineLoader(strict)(SHIPPED_MODEL_PATH).catch((e: unknown) => e);
  strict.close();
  host = connectEngineHost(page.channel, { software: true });
  const train = await loadMnist('train');
  const padded = padTo32(train.pixels.subarray(0, COUNT * 784), COUNT);
  digits = Array.from({ length: COUNT }, (_, i) => padded.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
  [gpu, local] = await Promise.all([remoteEngineLoader(host)(SHIPPED_MODEL_PATH), loadRecognizer({ modelPath: SHIPPED_MODEL_PATH, backend: 'webasm' })]);
}, 300_000);
afterAll(async () => {
  host?.close();
  local?.destroy();
  await page?.close();
});

describe('the engine window page in Chromium', () => {
  it('refuses to read on a software renderer unless asked to', () => {
    expect(refusal).toBeInstanceOf(EngineHostError);
    expect(String(refusal)).toMatch(/Its graphics are a software renderer \(.*SwiftShader.*\)/);
  });

  it('runs the model on the GPU and reads as the webasm engine does', async () => {
    expect(GPU_BACKENDS).toContain(gpu.backend());
    expect(gpu.model).toEqual(local.model);
    const [remote, here] = await Promise.all([gpu.classify(digits), local.classify(digits)]);
    expect(remote).toHaveLength(COUNT);
    let worst = 0;
    remote.forEach((p, i) => p.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - here[i][k])))));
    expect(worst).toBeLessThan(1e-3);
    const argmax = (p: Float32Array) => p.indexOf(Math.max(...p));
    expect(remote.map(argmax)).toEqual(here.map(argmax));
  }, 300_000);

  it('gives every layer of a digit for the model view', async () => {
    const [remote, here] = await Promise.all([gpu.activations(digits[7]), local.activations(digits[7])]);
    for (const name of LAYER_NAMES) {
      expect(remote[name]).toHaveLength(here[name].length);
      const worst = remote[name].reduce((w, v, i) => Math.max(w, Math.abs(v - here[name][i])), 0);
      expect({ name, close: worst < 1e-2 }).toEqual({ name, close: true });
    }
  }, 120_000);

  it('reports a failure of the page as the host’s, with its message', async () => {
    const second = await remoteEngineLoader(host)(SHIPPED_MODEL_PATH);
    second.destroy(); // unloads it in the page
    const failure = await second.classify([digits[0]]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EngineHostError);
    expect(String(failure)).toMatch(/handle/);
    expect(await gpu.classify([digits[0]])).toHaveLength(1); // the other model is untouched
  }, 120_000);

  it('reads scans in the service as webasm in Node does', async () => {
    const tmp = tempDir();
    try {
      const images = await scanFolder(join(tmp.dir, 'scans'), { zip: 2, cheque: 1, seed: 23 });
      const texts = async (api: DigitReadService) => {
        const finished = new Promise<BatchEvent>((resolve) => api.onEvent((e) => e.type === 'finished' && resolve(e)));
        await api.startBatch({ paths: images });
        expect(await finished).toMatchObject({ status: 'done', error: null });
        const scans = await Promise.all((await api.listScans({})).items.map((s) => api.getScan({ scanId: s.id })));
        return Object.fromEntries(scans.map((s) => [s.name, s.fields.map((f) => f.digits.map((d) => d.label).join(''))]));
      };
      const onGpu = createService({ dbPath: join(tmp.dir, 'gpu.db'), modelPath: SHIPPED_MODEL_PATH, engine: remoteEngineLoader(host) });
      const inNode = createService({ dbPath: join(tmp.dir, 'node.db'), modelPath: SHIPPED_MODEL_PATH });
      try {
        const [a, b] = [await texts(onGpu), await texts(inNode)];
        expect(Object.keys(a)).toHaveLength(3);
        expect(a).toEqual(b);
        expect((await onGpu.modelInfo({})).backend).toBe(gpu.backend());
      } finally {
        await onGpu.close();
        await inNode.close();
      }
    } finally {
      tmp.cleanup();
    }
  }, 300_000);

  it('ran under the page’s CSP without violations or errors', () => {
    expect(page.problems).toEqual([]);
  });
});
