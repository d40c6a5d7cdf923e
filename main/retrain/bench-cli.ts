/** npm run bench:retrain -- [--runs N]: the retrain benchmark (bench.ts) as one JSON object. */
import { Command, InvalidArgumentError } from 'commander';
import { benchRetrain } from './bench';

const o = new Command('bench-retrain')
  .option('--runs <n>', 'timed retrains (the median is reported)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`Expected a positive integer for --runs but received ${v}`);
    return n;
  }, 3)
  .parse()
  .opts<{ runs: number }>();
console.log(JSON.stringify(await benchRetrain({ runs: o.runs })));
