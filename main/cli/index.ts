/** The `digitread` command line: the pipeline without a window. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultDbPath } from '../pipeline/paths';
import { exportCommand } from './export';
import { statsCommand } from './stats';

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`Expected a positive integer for ${flag} but received ${value}`);
    return n;
  };
}

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
  .addHelpText('after', '\nExit status: 0 all read, 2 some files could not be read, 130 interrupted (run again to finish).')
  .action(async (inputs: string[], o: { kind: 'zip' | 'cheque' | 'digits' | 'auto'; db: string; model?: string; json: boolean; concurrency?: number }) => {
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
