/**
 * npm run bench -- [--webgl2] [--pipeline N]: speed figures as one JSON object on the last line.
 * Every figure is the median of several timed runs after a warm-up; these machines are noisy.
 */
import { Command } from 'commander';
import { architecture } from '../../engine/architecture';
import { createGpu, type BackendName } from '../../engine/backend';
import { createInferGraph, createTrainGraph, stateSize } from '../../engine/graph';
import { AUG_PARAMS } from '../../engine/kernels/sources';
import { loadEngine } from '../../engine/node/load';
import { rbfPrototypes } from '../../engine/rbf';
import { createRng } from '../../engine/rng';
import { benchSegmentation } from '../../main/eval/bench-segmentation';
import { benchPipeline } from '../../main/pipeline/bench';
import { openEnginePage } from '../support/engine-page';

const program = new Command('bench')
  .option('--backend <name>', 'gpu.js backend for the engine figures', 'webasm')
  .option('--runs <n>', 'timed runs per figure', (v) => Number(v), 5)
  .option('--webgl2', 'also measure the engine on WebGL2 in headless Chromium')
  .option('--pipeline <n>', 'also read n zip + n cheque scans through the whole pipeline', (v) => Number(v));
program.parse();
const o = program.opts<{ backend: BackendName; runs: number; webgl2?: boolean; pipeline?: number }>();

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const arch = architecture('lenet5');
const protos = rbfPrototypes();
const rng = createRng(1);
const gpu = createGpu(o.backend);
const engine = await loadEngine({ backend: o.backend });
const theta = engine.model.theta;

// Training: steps of the shipped recipe's batch (128, 16 groups) with distortions on.
const batch = 128;
const train = createTrainGraph(gpu, arch, batch, 16, { kind: 'adam' }, protos);
const src = Float32Array.from({ length: 256 * 1024 }, () => (rng.next() < 0.2 ? 255 : 0));
const aug = new Float32Array(batch * AUG_PARAMS);
for (let b = 0; b < batch; b++) aug.set([1, 0.05, 0.3, -0.05, 1, -0.2, ...Array.from({ length: AUG_PARAMS - 6 }, () => rng.uniform(-1, 1))], b * AUG_PARAMS);
const labels = Float32Array.from({ length: batch }, () => rng.int(10));
let state: Float32Array = new Float32Array(stateSize(arch, { kind: 'adam' }));
state.set(theta);
let t = 0;
const stepMs = await timed(o.runs, async () => {
  for (let k = 0; k < 4; k++) {
    t++;
    state = (await train.step({ src: src.subarray(0, batch * 1024), aug, labels, state, hyper: new Float32Array([1e-4, 0, 1 - 0.9 ** t, 1 - 0.999 ** t]) })).state;
  }
});
train.destroy();

// Inference: batches of 256 through the pipeline, and one digit at a time through the engine.
const infer = createInferGraph(gpu, arch, 256, protos);
const inferMs = await timed(o.runs, async () => {
  for (let k = 0; k < 4; k++) await infer.probabilities(src, theta);
});
const backend = infer.backend();
infer.destroy();
const digit = Uint8Array.from(src.subarray(0, 1024));
const singleMs = await timed(o.runs * 4, () => engine.classify([digit]));

const result: Record<string, unknown> = {
  backend,
  train_images_per_s: Math.round((4 * batch * 1000) / stepMs),
  infer_images_per_s: Math.round((4 * 256 * 1000) / inferMs),
  single_digit_ms: Number(singleMs.toFixed(2)),
};

const seg = await benchSegmentation();
Object.assign(result, seg);

if (o.pipeline) Object.assign(result, await benchPipeline({ n: o.pipeline }));

if (o.webgl2) {
  const page = await openEnginePage();
  try {
    const w = await page.page.evaluate(() => window.engineUnderTest.throughput('webgl2', 'lenet5'));
    Object.assign(result, { webgl2_backend: w.backend, webgl2_train_images_per_s: Math.round(w.train_images_per_s), webgl2_infer_images_per_s: Math.round(w.infer_images_per_s) });
  } finally {
    await page.close();
  }
}

engine.destroy();
await gpu.destroy();
clearInterval(sampler);
result.peak_rss_mb = Math.round(peak / 2 ** 20);
console.log(JSON.stringify(result));
process.exit(0);
