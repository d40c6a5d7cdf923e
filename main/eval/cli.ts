import { Command, Option } from 'commander';
import { positiveInt } from '../../engine/node/cli-options';
import { loadRecognizer } from '../../engine/node/load';
import { evaluateCorpus } from './evaluate';


const program = new Command('eval')
  .description('Read a synthetic corpus (images with NAME.json truth) and print segmentation and reading scores as JSON')
  .argument('<dir>', 'corpus folder written by `npm run synth`')
  .addOption(new Option('--kind <kind>', "read as this kind instead of the truth file's").choices(['zip', 'cheque', 'digits', 'auto']))
  .option('--model <file>', 'model file (default: the shipped model)')
  .option('--limit <n>', 'read only the first n images', positiveInt('--limit'))
  .option('--batch <n>', 'give the engine at most n digits per call', positiveInt('--batch'));

program.parse();
const [dir] = program.args;
const o = program.opts<{ kind?: 'zip' | 'cheque' | 'digits' | 'auto'; model?: string; limit?: number; batch?: number }>();
const recognizer = await loadRecognizer({ modelPath: o.model });
try {
  const report = await evaluateCorpus(dir, { recognizer, kind: o.kind, limit: o.limit, batch: o.batch });
  console.log(JSON.stringify({ model: recognizer.model.id, ...report }, null, 2));
} finally {
  recognizer.destroy();
}
