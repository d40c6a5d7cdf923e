/** The `digitread` command line: the pipeline without a window. */
import { Command, Option } from 'commander';
import { nonNegativeInt, positiveInt, probability } from '../../engine/node/cli-options';
import { DEFAULT_RETRAIN } from '../retrain/settings';
import { defaultDbPath } from '../pipeline/paths';
import { DEFAULT_WORKERS } from '../pipeline/segment-pool';
import { exportCommand } from './export';
import { statsCommand } from './stats';

const dbOption = () => new Option('--db <file>', 'SQLite database, $DIGITREAD_DB if set').default(defaultDbPath());

const program = new Command('digitread')
  .description('Reads handwritten digits on scanned cheques and zip-code forms')
  .showHelpAfterError();

let exitCode = 0;

program
  .command('read')
  .description('Read scans (files, or folders of images) into the database')
  .argument('<FILES_OR_FOLDERS...>', 'images (PNG, JPEG, TIFF, WebP, GIF) or folders to search for them')
  .addOption(new Option('--kind <kind>', 'what the scans are').choices(['zip', 'cheque', 'digits', 'auto']).default('auto'))
  .addOption(dbOption())
  .option('--model <file>', 'model file (default: the active model, else the shipped LeNet-5)')
  .option('--json', 'write one JSON object per input file to stdout (JSON Lines)', false)
  .option('--concurrency <n>', 'scans read at once (default 16)', positiveInt('--concurrency'))
  .option('--workers <n>', `threads decoding and segmenting scans (default ${DEFAULT_WORKERS}: one fewer than the cores, at most 4)`, positiveInt('--workers'))
  .addHelpText('after', '\nExit status: 0 all read, 2 some files could not be read, 130 interrupted (run again to finish).')
  .action(async (inputs: string[], o: { kind: 'zip' | 'cheque' | 'digits' | 'auto'; db: string; model?: string; json: boolean; concurrency?: number; workers?: number }) => {
    const { readCommand } = await import('./read'); // loads the engine only when reading
    exitCode = await readCommand({ inputs, ...o });
  });

program
  .command('export')
  .description('Write the results, with corrections applied, as CSV or JSON')
  .addOption(dbOption())
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
  .option('--batch <id>', 'only this batch', positiveInt('--batch'))
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (o: { db: string; format: 'csv' | 'json'; batch?: number; out?: string }) => {
    exitCode = await exportCommand(o);
  });

program
  .command('calibrate')
  .description("Choose a model's review threshold on field confidence, so that accepted fields meet a target error on validation scans, and store it in the model file")
  .option('--model <file>', 'model file to calibrate (default: the shipped LeNet-5)')
  .option('--out <file>', 'write the calibrated model here instead of over --model')
  .option('--target <rate>', 'largest share of accepted fields read wrong', probability('--target'), 0.005)
  .option('--scans <n>', 'synthetic zip forms and as many cheques, drawn from the held-out MNIST training digits', positiveInt('--scans'), 500)
  .option('--seed <n>', 'seed of the synthetic scans', positiveInt('--seed'), 1)
  .option('--json', 'print the result as one JSON object', false)
  .action(async (o: { model?: string; out?: string; target: number; scans: number; seed: number; json: boolean }) => {
    const { calibrateCommand } = await import('./calibrate'); // loads the engine only when calibrating
    exitCode = await calibrateCommand({ modelPath: o.model, out: o.out, targetError: o.target, scans: o.scans, seed: o.seed, json: o.json });
  });

program
  .command('label')
  .description('Record known values as corrections: a CSV with a header file,text (a scan as it was read, its field\'s true text)')
  .argument('<LABELS.csv>', 'the labels')
  .addOption(dbOption())
  .option('--json', 'print the report as one JSON object', false)
  .addHelpText(
    'after',
    "\nA field read with another number of digits than its label is read again from its file with the label's count." +
      '\nExit status: 0 all labelled, 2 some rows could not be aligned with the digits read (each is reported).',
  )
  .action(async (csv: string, o: { db: string; json: boolean }) => {
    const { labelCommand } = await import('./retrain');
    exitCode = await labelCommand({ csv, ...o });
  });

program
  .command('retrain')
  .description('Fine-tune the active model on the corrections and confirmed digits (with MNIST replay) into a new version')
  .addOption(dbOption())
  .option('--activate', 'make the new version the active model and re-read the unconfirmed scans', false)
  .option(
    '--calibration-scans <n>',
    "synthetic zip forms, and as many cheques, to calibrate the new version's review threshold on (0: keep training's digit-level one)",
    nonNegativeInt('--calibration-scans'),
    DEFAULT_RETRAIN.calibrationScans,
  )
  .option('--json', 'print the result as one JSON object', false)
  .addHelpText('after', '\nExit status: 0 done, 130 cancelled (Ctrl-C; nothing changes).')
  .action(async (o: { db: string; activate: boolean; calibrationScans: number; json: boolean }) => {
    const { retrainCommand } = await import('./retrain');
    exitCode = await retrainCommand(o);
  });

program
  .command('models')
  .description('List the model versions (* active) with their metrics beside their parent\'s')
  .addOption(dbOption())
  .option('--json', 'as JSON', false)
  .action(async (o: { db: string; json: boolean }) => {
    const { modelsCommand } = await import('./retrain');
    exitCode = modelsCommand(o);
  });

program
  .command('activate')
  .description('Make a model version the one that reads, and re-read the scans not yet confirmed with it')
  .argument('<VERSION>', 'a version id or name from `digitread models`')
  .addOption(dbOption())
  .option('--json', 'print the report as one JSON object', false)
  .action(async (version: string, o: { db: string; json: boolean }) => {
    const { activateCommand } = await import('./retrain');
    exitCode = await activateCommand({ version, ...o });
  });

program
  .command('stats')
  .description('Show what the database holds')
  .addOption(dbOption())
  .option('--json', 'as one JSON object', false)
  .action((o: { db: string; json: boolean }) => {
    exitCode = statsCommand(o);
  });

try {
  await program.parseAsync();
  process.exitCode = exitCode;
} catch (err) {
  process.stderr.write(`digitread: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
