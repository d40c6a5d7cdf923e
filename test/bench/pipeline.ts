/**
 * npx tsx test/bench/pipeline.ts [--scans 500] [--runs 3] [--workers N]: the pipeline figures of `npm run bench`
 * alone, as one JSON object: scans/s reading n zip forms and n cheques into fresh databases, each stage alone,
 * CPU per scan by thread, and peak memory.
 */
import { Command } from 'commander';
import { positiveInt } from '../../engine/node/cli-options';
import { benchPipeline } from '../../main/pipeline/bench';

const o = new Command('bench-pipeline')
  .option('--scans <n>', 'zip forms, and as many cheques', positiveInt('--scans'), 500)
  .option('--runs <n>', 'timed runs; figures are their medians', positiveInt('--runs'), 3)
  .option('--workers <n>', 'segmentation worker threads (default: one fewer than the cores, at most 4)', positiveInt('--workers'))
  .parse()
  .opts<{ scans: number; runs: number; workers?: number }>();

console.log(JSON.stringify(await benchPipeline({ n: o.scans, runs: o.runs, workers: o.workers })));
process.exit(0);
