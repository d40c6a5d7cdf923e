/**
 * npm run bench -- [--webgl2] [--pipeline N] [--pipeline-runs R] [--retrain-runs R]: speed figures as one JSON object on the last line.
 * Every figure is the median of several timed runs after a warm-up; these machines are noisy.
 */
import { Command } from 'commander';
import { createGpu, type BackendName } from '../../engine/backend';
import { measureThroughput, median } from '../../engine/diagnostics/throughput';
import { nonNegativeInt, positiveInt } from '../../engine/node/cli-options';
import { loadEngine } from '../../engine/node/load';
import { benchSegmentation } from '../../main/eval/bench-segmentation';
import { benchPipeline } from '../../main/pipeline/bench';
import { benchRetrain } from '../../main/retrain/bench';
import { openEnginePage } from '../support/engine-page';

const program = new Command('bench')
  .option('--backend <name>', 'gpu.js backend for the engine figures', 'webasm')
  .option('--runs <n>', 'timed runs per figure', positiveInt('--runs'), 5)
  .option('--webgl2', 'also measure the engine on WebGL2 in headless Chromium')
  .option('--pipeline <n>', 'read n zip + n cheque scans through the whole pipeline (0: skip)', nonNegativeInt('--pipeline'), 500)
  .option('--pipeline-runs <n>', 'timed runs of the pipeline figures', positiveInt('--pipeline-runs'), 3)
  .option('--retrain-runs <n>', 'timed retrains on 200 corrected fields (0: skip)', nonNegativeInt('--retrain-runs'), 3);
program.parse();
const o = program.opts<{ backend: BackendName; runs: number; webgl2?: boolean; pipeline: number; pipelineRuns: number; retrainRuns: number }>();

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

const engine = await loadEngine({ backend: o.backend });
const gpu = createGpu(o.backend);
const result: Record<string, unknown> = { ...(await measureThroughput(gpu, engine.model.theta, o.runs)) };
await gpu.destroy();
const digit = new Uint8Array(1024).map((_, i) => ((i * 7919) % 5 === 0 ? 255 : 0));
result.single_digit_ms = Number((await median(o.runs * 4, () => engine.classify([digit]))).toFixed(2));

Object.assign(result, await benchSegmentation());

if (o.pipeline > 0) Object.assign(result, await benchPipeline({ n: o.pipeline, runs: o.pipelineRuns }));

if (o.retrainRuns > 0) Object.assign(result, await benchRetrain({ runs: o.retrainRuns }));

if (o.webgl2) {
  const page = await openEnginePage();
  try {
    const w = await page.page.evaluate(() => window.engineUnderTest.throughput('webgl2'));
    Object.assign(result, { webgl2_backend: w.backend, webgl2_train_images_per_s: w.train_images_per_s, webgl2_infer_images_per_s: w.infer_images_per_s });
  } finally {
    await page.close();
  }
}

engine.destroy();
clearInterval(sampler);
result.peak_rss_mb = Math.round(peak / 2 ** 20);
console.log(JSON.stringify(result));
process.exit(0);
