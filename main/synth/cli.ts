import { Command, Option } from 'commander';
import { nonNegativeInt } from '../../engine/node/cli-options';
import { DIGIT_SOURCES, writeCorpus, type DigitSource } from './corpus';
import { DIGIT_STYLES, type DigitStyle } from './habits';


const program = new Command('synth')
  .description('Write synthetic scans (MNIST digits on rendered cheques, envelopes, digit sheets) with truth files')
  .requiredOption('--out <dir>', 'folder to write images and NAME.json truth files into')
  .addOption(new Option('--kind <kind>', 'kind of document').choices(['zip', 'cheque', 'digits']).makeOptionMandatory())
  .option('--count <n>', 'number of images', nonNegativeInt('--count'), 50)
  .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), 1)
  .option('--dpi <n>', 'one resolution for all images (default: drawn from 150 to 600)', nonNegativeInt('--dpi'))
  .addOption(new Option('--format <format>', 'one file format for all images (default: drawn)').choices(['jpeg', 'png', 'tiff', 'webp']))
  .addOption(new Option('--style <style>', "how digits are written: as in MNIST, or with a writer's habits (crossed 7, flagged and footed 1, backhand)").choices(DIGIT_STYLES).default('mnist'))
  .addOption(new Option('--digits <source>', 'MNIST digits to draw: test, the validation part of the training set, or its training part').choices(DIGIT_SOURCES).default('test'));

program.parse();
const o = program.opts<{
  out: string; kind: 'zip' | 'cheque' | 'digits'; count: number; seed: number; dpi?: number; format?: 'jpeg' | 'png' | 'tiff' | 'webp';
  style: DigitStyle; digits: DigitSource;
}>();
const started = Date.now();
await writeCorpus({
  ...o,
  onImage: (done) => {
    if (done % 50 === 0 || done === o.count) process.stderr.write(`\r${done}/${o.count} images`);
  },
});
process.stderr.write(`\nwrote ${o.count} ${o.kind} images to ${o.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
