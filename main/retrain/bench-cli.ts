/** npm run bench:retrain -- [--runs N]: the retrain benchmark (bench.ts) as one JSON object. */
import { Command } from 'commander';
import { positiveInt } from '../../engine/node/cli-options';
import { benchRetrain } from './bench';

const o = new Command('bench-retrain')
  .option('--runs <n>', 'timed retrains (the median is reported)', positiveInt('--runs'), 3)
  .parse()
  .opts<{ runs: number }>();
console.log(JSON.stringify(await benchRetrain({ runs: o.runs })));
