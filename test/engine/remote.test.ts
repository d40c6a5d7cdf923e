/**
 * The remote engine under Node: the client (what the service uses) and the host (what the Electron GPU window
 * runs) over a real worker_threads MessageChannel, with real engines; and the fallback to webasm in this thread
 * when the host cannot load, dies, goes silent or answers wrongly. Host and fallback both run on webasm here;
 * what tells them apart is what the host was asked (`served`), the fallback's loads and `note()`.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGpu } from '../../engine/backend';
import { padTo32 } from '../../engine/data/dataset';
import { LAYER_NAMES } from '../../engine/graph';
import type { EngineLoader, LoadedRecognizer } from '../../engine/loaded';
import { loadRecognizer, localEngineLoader, remoteEngineLoader, SHIPPED_MODEL_PATH } from '../../engine/node/load';
import { loadMnist } from '../../engine/node/mnist';
import { nodePortChannel } from '../../engine/node/port-channel';
import { connectEngineHost, EngineHostError, type EngineHostOptions } from '../../engine/remote/client';
import { withFallback } from '../../engine/remote/fallback';
import { serveEngine } from '../../engine/remote/host';
import type { HostRequest } from '../../engine/remote/protocol';
import { DIGIT_PIXELS } from '../../engine/recognizer';

const COUNT = 20;
let digits: Uint8Array[];
let local: LoadedRecognizer;
let expected: Float32Array[];
const cleanup: (() => void)[] = [];
let fallbackLoads = 0;
const fallback: EngineLoader = (path) => {
  fallbackLoads++;
  return localEngineLoader(path);
};

beforeAll(async () => {
  const train = await loadMnist('train');
  const padded = padTo32(train.pixels.subarray(0, COUNT * 784), COUNT);
  digits = Array.from({ length: COUNT }, (_, i) => padded.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
  local = await loadRecognizer({ modelPath: SHIPPED_MODEL_PATH, backend: 'webasm' });
  expected = await local.classify(digits);
});
afterAll(() => local?.destroy());
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  fallbackLoads = 0;
});

/**
 * A host on gpu.js in this thread and a client connected to it. `far` is the host's end (to play Electron main,
 * which may say the page is gone); `served` counts the digits the host was asked to classify.
 */
function connected(options: EngineHostOptions = { backends: ['webasm'] }, renderer?: () => string) {
  const { port1, port2 } = new MessageChannel();
  const far = nodePortChannel(port2);
  const served = { digits: 0 };
  far.listen((m) => {
    if ((m as HostRequest).type === 'classify') served.digits += (m as Extract<HostRequest, { type: 'classify' }>).count;
  });
  const stopHost = serveEngine(far, createGpu, renderer);
  const host = connectEngineHost(nodePortChannel(port1), options);
  cleanup.push(() => {
    host.close();
    stopHost();
    port1.close();
  });
  return { host, far, served };
}

function expectClose(actual: Float32Array[], reference: Float32Array[]) {
  expect(actual).toHaveLength(reference.length);
  const worst = actual.reduce((w, p, i) => p.reduce((m, v, k) => Math.max(m, Math.abs(v - reference[i][k])), w), 0);
  expect(worst).toBeLessThan(1e-4);
}

describe('the remote engine', () => {
  it('reads through the channel as the engine in this thread does', async () => {
    const { host, served } = connected();
    const remote = await remoteEngineLoader(host)(SHIPPED_MODEL_PATH);
    expect(remote.backend()).toBe('webasm');
    expect(remote.model).toEqual(local.model);
    expectClose(await remote.classify(digits), expected);
    expect(served.digits).toBe(COUNT);
    const [a, b] = await Promise.all([remote.activations(digits[3]), local.activations(digits[3])]);
    for (const name of LAYER_NAMES) expectClose([a[name]], [b[name]]);
    expect(await remote.classify([])).toEqual([]);
  });

  it('names the model file that cannot be loaded, before the host sees it', async () => {
    const { host } = connected();
    await expect(remoteEngineLoader(host)('/nonexistent/model.bin')).rejects.toThrow('Cannot load model /nonexistent/model.bin: no such file');
  });

  it('leaves bad input to the caller: no fallback for it', async () => {
    const { host } = connected();
    const engine = await withFallback(remoteEngineLoader(host), fallback)(SHIPPED_MODEL_PATH);
    const failure = await engine.classify([new Uint8Array(5)]).catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(EngineHostError);
    expect(String(failure)).toContain('Expected 1024 pixels for digit input 0 but received 5');
    expect(fallbackLoads).toBe(0);
    expect(engine.note()).toBeNull();
  });
});

describe('falling back to webasm in this thread', () => {
  it('when the host has none of the GPU backends', async () => {
    const { host, served } = connected({}); // the default: GPU backends only, which Node lacks
    const engine = await withFallback(remoteEngineLoader(host), fallback)(SHIPPED_MODEL_PATH);
    expectClose(await engine.classify(digits), expected);
    expect(fallbackLoads).toBe(1);
    expect(served.digits).toBe(0);
    expect(engine.backend()).toBe('webasm');
    expect(engine.note()).toMatch(/^GPU engine unavailable: No backend works here \(webgl2: .+; webgpu: .+\)$/);
  });

  it('when the host’s graphics are a software renderer', async () => {
    const { host, served } = connected(undefined, () => 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)');
    const engine = await withFallback(remoteEngineLoader(host), fallback)(SHIPPED_MODEL_PATH);
    expectClose(await engine.classify(digits.slice(0, 2)), expected.slice(0, 2));
    expect({ fallbackLoads, served: served.digits }).toEqual({ fallbackLoads: 1, served: 0 });
    expect(engine.note()).toMatch(/^GPU engine unavailable: Its graphics are a software renderer \(ANGLE .*SwiftShader/);
  });

  it('when the host goes away in the middle of a call, which is then answered by webasm', async () => {
    const { host, far, served } = connected();
    const engine = await withFallback(remoteEngineLoader(host), fallback)(SHIPPED_MODEL_PATH);
    expectClose(await engine.classify(digits.slice(0, 2)), expected.slice(0, 2));
    expect({ served: served.digits, fallbackLoads, note: engine.note() }).toEqual({ served: 2, fallbackLoads: 0, note: null });
    const reading = engine.classify(digits);
    far.post({ type: 'gone', reason: 'its process ended (crashed)' }); // what Electron main says when the window dies
    expectClose(await reading, expected);
    expect(fallbackLoads).toBe(1);
    expect(engine.note()).toBe('GPU engine failed, reading on: The GPU engine window stopped: its process ended (crashed)');
    expectClose(await engine.classify(digits.slice(0, 3)), expected.slice(0, 3));
    expect(fallbackLoads).toBe(1);
  });

  it('when the host does not answer in time', async () => {
    const { port1 } = new MessageChannel(); // nobody at the other end
    cleanup.push(() => port1.close());
    const host = connectEngineHost(nodePortChannel(port1), { timeoutMs: 200 });
    const engine = await withFallback(remoteEngineLoader(host), fallback)(SHIPPED_MODEL_PATH);
    expect(fallbackLoads).toBe(1);
    expectClose(await engine.classify(digits.slice(0, 1)), expected.slice(0, 1));
    expect(engine.note()).toBe('GPU engine unavailable: The GPU engine window stopped: no answer to load within 0.2 s');
  });

  /** A host that loads, then answers every classify with `answer(count)` whatever it computed. */
  function lyingHost(answer: (count: number) => Float32Array) {
    const { port1, port2 } = new MessageChannel();
    cleanup.push(() => port1.close());
    nodePortChannel(port2).listen((message) => {
      const m = message as HostRequest;
      const value = m.type === 'load' ? { handle: 1, backend: 'webgl2' } : answer(m.type === 'classify' ? m.count : 0);
      port2.postMessage({ type: 'reply', id: m.id, ok: true, value });
    });
    return connectEngineHost(nodePortChannel(port1));
  }

  it.each([
    ['too few probabilities', (_count: number) => new Float32Array(3), /answered classify with expected 20 probabilities/],
    ['NaN, as a broken GPU computes', (count: number) => new Float32Array(count * 10).fill(NaN), /answered classify with probabilities that are not finite/],
  ])('when the host answers with %s', async (_what, answer, note) => {
    const engine = await withFallback(remoteEngineLoader(lyingHost(answer)), fallback)(SHIPPED_MODEL_PATH);
    expect(engine.backend()).toBe('webgl2');
    expectClose(await engine.classify(digits.slice(0, 2)), expected.slice(0, 2));
    expect(engine.backend()).toBe('webasm');
    expect(fallbackLoads).toBe(1);
    expect(engine.note()).toMatch(note);
  });
});
