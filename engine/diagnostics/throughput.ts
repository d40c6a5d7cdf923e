/**
 * Training and inference throughput of the modern LeNet-5 on a gpu.js instance, in Node or in the browser.
 * Training runs the shipped recipe's step (batch 128, 16 groups, Adam) with distortions on; inference runs
 * batches of 256. Each figure is the median of `runs` timed runs of 4 calls, after a warm-up.
 */
import type { GPU } from 'gpu.js';
import { architecture } from '../architecture';
import { createInferGraph, createTrainGraph, stateSize } from '../graph';
import { AUG_PARAMS } from '../kernels/sources';
import { rbfPrototypes } from '../rbf';
import { createRng } from '../rng';

export interface Throughput {
  backend: string | null;
  train_images_per_s: number;
  infer_images_per_s: number;
}

export async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

export async function measureThroughput(gpu: GPU, theta: Float32Array, runs = 5): Promise<Throughput> {
  const arch = architecture('lenet5');
  const protos = rbfPrototypes();
  const rng = createRng(1);
  const src = Float32Array.from({ length: 256 * 1024 }, () => (rng.next() < 0.2 ? 255 : 0));

  const batch = 128;
  const train = createTrainGraph(gpu, arch, batch, 16, { kind: 'adam' }, protos);
  const aug = new Float32Array(batch * AUG_PARAMS);
  for (let b = 0; b < batch; b++) aug.set([1, 0.05, 0.3, -0.05, 1, -0.2, ...Array.from({ length: AUG_PARAMS - 6 }, () => rng.uniform(-1, 1))], b * AUG_PARAMS);
  const labels = Float32Array.from({ length: batch }, () => rng.int(10));
  let state: Float32Array = new Float32Array(stateSize(arch, { kind: 'adam' }));
  state.set(theta);
  let t = 0;
  const stepMs = await median(runs, async () => {
    for (let k = 0; k < 4; k++) {
      t++;
      state = (await train.step({ src: src.subarray(0, batch * 1024), aug, labels, state, hyper: new Float32Array([1e-4, 0, 1 - 0.9 ** t, 1 - 0.999 ** t]) })).state;
    }
  });
  train.destroy();

  const infer = createInferGraph(gpu, arch, 256, protos);
  const inferMs = await median(runs, async () => {
    for (let k = 0; k < 4; k++) await infer.probabilities(src, theta);
  });
  const backend = infer.backend();
  infer.destroy();
  return {
    backend,
    train_images_per_s: Math.round((4 * batch * 1000) / stepMs),
    infer_images_per_s: Math.round((4 * 256 * 1000) / inferMs),
  };
}
