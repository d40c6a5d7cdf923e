/**
 * The engine's host side: answers a client's requests with real engines. It runs in a Chromium page (the
 * Electron engine window), where gpu.js reaches the machine's GPU through WebGL2 or WebGPU; it is plain code
 * over a Channel, so a test can also run it anywhere.
 */
import type { GPU } from 'gpu.js';
import type { BackendName } from '../backend';
import { Engine } from '../engine';
import { decodeModel, type LoadedModel } from '../model-file';
import { DIGIT_PIXELS } from '../recognizer';
import type { Channel } from './channel';
import type { HostReply, HostRequest } from './protocol';

/**
 * An engine whose kernels have compiled and run once on the backend asked for: a backend the page lacks, one
 * gpu.js would quietly leave for its CPU fallback, or one that computes garbage fails here rather than mid-batch.
 */
async function startEngine(gpu: GPU, model: LoadedModel, backend: BackendName): Promise<Engine> {
  const engine = new Engine(gpu, model);
  try {
    const [probabilities] = await engine.classify([new Uint8Array(DIGIT_PIXELS)]);
    const used = engine.backend();
    if (used !== backend) throw new Error(`gpu.js ran on ${used ?? 'nothing'} instead`);
    if (!probabilities.every(Number.isFinite)) throw new Error('it computed numbers that are not finite');
    return engine;
  } catch (err) {
    engine.destroy();
    throw err;
  }
}

/** Renderer names of graphics done on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * Backends are named, not left to gpu.js's 'auto': its async mode reports itself as 'async', and the window
 * must say which backend it runs on. `renderer` names the page's graphics (the WebGL renderer string), or null
 * where that cannot be told.
 */
export function serveEngine(channel: Channel, createGpu: (backend: BackendName) => GPU, renderer: () => string | null = () => null): () => void {
  const engines = new Map<number, Engine>();
  let nextHandle = 1;

  const engine = (handle: number): Engine => {
    const e = engines.get(handle);
    if (!e) throw new Error(`Expected a loaded model for handle ${handle} but received none (unloaded?)`);
    return e;
  };

  const answer = async (request: HostRequest): Promise<unknown> => {
    switch (request.type) {
      case 'load': {
        const graphics = renderer();
        if (!request.software && graphics !== null && SOFTWARE_RENDERER.test(graphics)) {
          throw new Error(`Its graphics are a software renderer (${graphics})`);
        }
        const model = await decodeModel(request.bytes, request.name);
        const failures: string[] = [];
        for (const backend of request.backends) {
          try {
            const handle = nextHandle++;
            engines.set(handle, await startEngine(createGpu(backend), model, backend));
            return { handle, backend };
          } catch (err) {
            failures.push(`${backend}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        throw new Error(`No backend works here (${failures.join('; ')})`);
      }
      case 'classify': {
        const inputs = Array.from({ length: request.count }, (_, i) => request.inputs.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
        const probabilities = await engine(request.handle).classify(inputs, { committee: request.committee });
        const flat = new Float32Array(request.count * 10);
        probabilities.forEach((p, i) => flat.set(p, i * 10));
        return flat;
      }
      case 'activations':
        return engine(request.handle).activations(request.input);
      case 'unload':
        engines.get(request.handle)?.destroy();
        engines.delete(request.handle);
        return null;
    }
  };

  return channel.listen((message) => {
    const request = message as HostRequest;
    void answer(request).then(
      (value): HostReply => ({ type: 'reply', id: request.id, ok: true, value }),
      (err: unknown): HostReply => ({ type: 'reply', id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
    ).then((reply) => channel.post(reply));
  });
}
