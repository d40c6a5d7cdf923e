/**
 * The engine inside Chromium, bundled by Vite in production mode (so the kernels are checked after bundling
 * and minification). Tests and the benchmark drive it through window.engineUnderTest.
 */
import { architecture, type ArchitectureName } from '../../../engine/architecture';
import { createGpu, type BackendName } from '../../../engine/backend';
import { gradientCheck } from '../../../engine/diagnostics/gradient-check';
import { createInferGraph, createTrainGraph, stateSize } from '../../../engine/graph';
import { initialParameters } from '../../../engine/init';
import { AUG_PARAMS } from '../../../engine/kernels/sources';
import { rbfPrototypes } from '../../../engine/rbf';
import { createRng } from '../../../engine/rng';

async function throughput(backend: BackendName, arch: ArchitectureName) {
  const gpu = createGpu(backend);
  const a = architecture(arch);
  const protos = rbfPrototypes();
  const rng = createRng(1);
  const theta = initialParameters(a, rng);
  const median = (xs: number[]) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  try {
    const infer = createInferGraph(gpu, a, 256, protos);
    const src = Float32Array.from({ length: 256 * 1024 }, () => (rng.next() < 0.2 ? 255 : 0));
    await infer.probabilities(src, theta);
    const inferTimes: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      await infer.probabilities(src, theta);
      inferTimes.push(performance.now() - t0);
    }
    const batch = 128;
    const train = createTrainGraph(gpu, a, batch, 16, { kind: 'adam' }, protos);
    const aug = new Float32Array(batch * AUG_PARAMS);
    for (let b = 0; b < batch; b++) aug.set([1, 0, 0, 0, 1, 0], b * AUG_PARAMS);
    let state: Float32Array = new Float32Array(stateSize(a, { kind: 'adam' }));
    state.set(theta);
    const labels = Float32Array.from({ length: batch }, () => rng.int(10));
    const stepTimes: number[] = [];
    for (let t = 1; t <= 6; t++) {
      const t0 = performance.now();
      state = (await train.step({ src: src.subarray(0, batch * 1024), aug, labels, state, hyper: new Float32Array([1e-3, 0, 1 - 0.9 ** t, 1 - 0.999 ** t]) })).state;
      if (t > 1) stepTimes.push(performance.now() - t0);
    }
    const result = {
      backend: infer.backend(),
      infer_images_per_s: (256 * 1000) / median(inferTimes),
      train_images_per_s: (batch * 1000) / median(stepTimes),
    };
    infer.destroy();
    train.destroy();
    return result;
  } finally {
    await gpu.destroy();
  }
}

async function checkGradients(backend: BackendName, arch: ArchitectureName) {
  const gpu = createGpu(backend);
  try {
    return await gradientCheck(gpu, arch);
  } finally {
    await gpu.destroy();
  }
}

declare global {
  interface Window {
    engineUnderTest: { checkGradients: typeof checkGradients; throughput: typeof throughput };
  }
}
window.engineUnderTest = { checkGradients, throughput };
