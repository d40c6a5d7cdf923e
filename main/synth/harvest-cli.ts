import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { nonNegativeInt, positiveInt } from '../../engine/node/cli-options';
import { writeDigitSet } from '../../engine/node/digit-set-files';
import { harvestCandidates } from './harvest';

const program = new Command('harvest')
  .description("Read synthetic scans of MNIST training digits and write the segmenter's candidate digits, labelled from the truth (10 = not a digit), as IDX files for `npm run train -- --scans DIR`")
  .requiredOption('--out <dir>', 'folder to write images-idx3-ubyte and labels-idx1-ubyte into')
  .option('--count <n>', 'number of scans (zip forms, cheques and digit sheets in turn)', positiveInt('--count'), 3000)
  .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), 11);

program.parse();
const o = program.opts<{ out: string; count: number; seed: number }>();
const bar = new SingleBar({ format: 'harvest |{bar}| {value}/{total} scans | {digits} digits, {notDigits} not digits | ETA {eta}s', stream: process.stderr }, Presets.shades_classic);
bar.start(o.count, 0, { digits: 0, notDigits: 0 });
const set = await harvestCandidates({ count: o.count, seed: o.seed, onImage: (done, c) => bar.update(done, { digits: c.digits, notDigits: c.notDigits }) });
bar.stop();
await writeDigitSet(o.out, set);
console.log(JSON.stringify({ out: o.out, scans: o.count, candidates: set.count, digits: set.digits, notDigits: set.notDigits, unmatchedTruthDigits: set.unmatched }));
