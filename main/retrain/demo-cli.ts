/** npm run retrain-demo -- [--fields N] [--fresh N]: runs the demonstration (demo.ts) and prints its numbers as JSON. */
import { Command } from 'commander';
import { positiveInt } from '../../engine/node/cli-options';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retrainBar } from '../cli/retrain';
import { runDemo } from './demo';

const o = new Command('retrain-demo')
  .description('Read scans of a writer MNIST lacks, label up to 200 fields, retrain, and compare on fresh scans')
  .option('--fields <n>', 'fields labelled (at most 200)', positiveInt('--fields'), 200)
  .option('--fresh <n>', 'fresh scans to compare on', positiveInt('--fresh'), 200)
  .option('--dir <dir>', 'folder for the scans and the database', join(tmpdir(), 'digitread-retrain-demo'))
  .option('--epochs <n>', 'retrain epochs, to compare with the default', positiveInt('--epochs'))
  .option('--replay-ratio <r>', 'MNIST digits replayed per labelled digit, to compare with the default', Number)
  .option('--lr <rate>', 'peak learning rate, to compare with the default', Number)
  .parse()
  .opts<{ fields: number; fresh: number; dir: string; epochs?: number; replayRatio?: number; lr?: number }>();

const bar = retrainBar();
const result = await runDemo({
  dir: o.dir,
  correctedFields: o.fields,
  freshScans: o.fresh,
  settings: {
    ...(o.epochs !== undefined && { epochs: o.epochs }),
    ...(o.replayRatio !== undefined && { replayRatio: o.replayRatio }),
    ...(o.lr !== undefined && { learningRate: o.lr }),
  },
  onProgress: (p) => bar.update(p),
}).finally(() => bar.stop());
console.log(JSON.stringify(result, null, 1));
