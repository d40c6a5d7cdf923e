/**
 * One retrain, all computation and no store: fine-tunes the parent model on the operator's digits mixed with
 * replayed MNIST training digits, measures the new and the parent model, calibrates the new one's review
 * threshold, and writes its model file (complete, or not at all). It runs in the retrain worker thread
 * (retrain-worker.ts).
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from '../../db/batches';
import { architecture } from '../../engine/architecture';
import { createGpu } from '../../engine/backend';
import { concatSets, padTo32, subset, type DigitSet } from '../../engine/data/dataset';
import { evaluate, thresholdForErrorRate, type Evaluation } from '../../engine/evaluate';
import { createInferGraph } from '../../engine/graph';
import { decodeModel, type Model, type ModelHeader } from '../../engine/model-file';
import { readModel, writeModel } from '../../engine/node/files';
import { loadMnist } from '../../engine/node/mnist';
import { holdsOutSplit, MNIST_SPLIT, mnistSplitOrder } from '../../engine/node/mnist-split';
import { rbfPrototypes } from '../../engine/rbf';
import { graphReader } from '../../engine/reader';
import { createRng, shuffle } from '../../engine/rng';
import { initialCheckpoint, train, type EpochRecord } from '../../engine/trainer';
import { calibrateModel } from '../pipeline/calibrate';
import type { RetrainEpoch, RetrainProgress } from './progress';
import { trainSettings, type RetrainSettings } from './settings';

export interface RetrainJob {
  parentFile: string;
  /** Folder the new model file goes into (named by its id). */
  outDir: string;
  /** The operator's digits to learn from, and those held out to measure on. */
  train: DigitSet;
  heldOut: DigitSet;
  settings: RetrainSettings;
  /** What the digits are, for the model's provenance. */
  data: Record<string, unknown>;
}

export interface RetrainOutcome {
  file: string;
  name: string;
  architecture: string;
  reviewThreshold: number;
  metrics: Record<string, number>;
  /** The data summary with the replayed digits added. */
  data: Record<string, unknown>;
  history: RetrainEpoch[];
}

/**
 * The first guess at the review threshold, on digits (as train.ts): at most this error among the digits
 * accepted without review. Calibration on fields replaces it where the parent's held-out digits are known.
 */
const REVIEW_TARGET_ERROR = 0.005;

function mnistSet(m: { count: number; pixels: Uint8Array; labels: Uint8Array }): DigitSet {
  return { count: m.count, pixels: padTo32(m.pixels, m.count), labels: m.labels };
}

export async function runRetrainJob(job: RetrainJob, hooks: { onProgress?(p: RetrainProgress): void; signal?: AbortSignal } = {}): Promise<RetrainOutcome> {
  const s = job.settings;
  const parent = await readModel(job.parentFile);
  // A committee's members each learn from the same digits, one after another; progress counts their epochs
  // together. The new version is a committee as its parent was.
  const members = [parent.theta, ...parent.seconds];
  const epochs = s.epochs * members.length;
  const history: RetrainEpoch[] = [];
  const report = (p: Omit<RetrainProgress, 'history' | 'epochs'>) => hooks.onProgress?.({ ...p, epochs, history: [...history] });
  report({ phase: 'preparing', epoch: 0, batch: 0, batches: 0, loss: NaN, etaSeconds: null });

  const arch = architecture(parent.header.architecture);
  const mnist = mnistSet(await loadMnist('train'));
  const split = mnistSplitOrder(mnist.count);
  // Replay from the part the shipped model trained on; the validation part only sets the review threshold.
  const replayCount = Math.min(split.train.length, Math.max(s.minReplay, Math.round(s.replayRatio * job.train.count)));
  const replay = subset(mnist, shuffle(Uint32Array.from(split.train), createRng(s.seed)).subarray(0, replayCount));
  const validation = subset(mnist, split.validation);
  hooks.signal?.throwIfAborted();

  const data = { ...job.data, replayDigits: replayCount, trainDigits: job.train.count, heldOutDigits: job.heldOut.count };
  const gpu = createGpu('auto');
  let model: Model;
  try {
    const settings = trainSettings(parent.header.architecture, s);
    const trainData = { train: concatSets([job.train, replay]), validation: job.heldOut };
    const trained: Float32Array[] = [];
    const histories: EpochRecord[][] = [];
    for (const [m, start] of members.entries()) {
      const before = m * s.epochs;
      const later = members.length - m - 1;
      // Each member shuffles and distorts with its own seed, so that they stay different readers.
      const done = await train(gpu, trainData, initialCheckpoint({ ...settings, seed: settings.seed + m }, start), {
        signal: hooks.signal,
        onProgress: (p) => {
          const perMember = (s.epochs * p.batches * s.batch) / p.imagesPerSecond;
          report({ phase: 'training', epoch: before + p.epoch, batch: p.batch, batches: p.batches, loss: p.loss, etaSeconds: p.etaSeconds + later * perMember });
        },
        onEpoch: (cp) => {
          const r = cp.history[cp.history.length - 1];
          history.push({ epoch: before + r.epoch, loss: r.trainLoss, validationAccuracy: 1 - r.validationError });
          report({ phase: 'training', epoch: before + r.epoch, batch: 0, batches: 0, loss: r.trainLoss, etaSeconds: null });
        },
      });
      // The last epoch, not the best on held-out digits: those stay an unbiased measure of the new version.
      trained.push(done.state.slice(0, arch.size));
      histories.push(done.history);
    }
    const [theta, ...seconds] = trained;

    report({ phase: 'evaluating', epoch: epochs, batch: 0, batches: 0, loss: NaN, etaSeconds: null });
    const infer = createInferGraph(gpu, arch, 256, rbfPrototypes());
    let metrics: Record<string, number>;
    let review: { threshold: number };
    let backend: string;
    try {
      const test = mnistSet(await loadMnist('test'));
      // A committee is measured by its members' mean, as its recorded metrics are (npm run committee).
      const score = (committee: Float32Array[], set: DigitSet) => {
        hooks.signal?.throwIfAborted();
        return evaluate(graphReader([infer], committee), set, { committee: true });
      };
      const heldOut = await score(trained, job.heldOut);
      const onValidation = await score(trained, validation);
      review = thresholdForErrorRate(joined(onValidation, heldOut), REVIEW_TARGET_ERROR);
      metrics = {
        testError: (await score(trained, test)).errorRate,
        heldOutError: heldOut.errorRate,
        validationError: onValidation.errorRate,
        parentTestError: (await score(members, test)).errorRate,
        parentHeldOutError: (await score(members, job.heldOut)).errorRate,
      };
      backend = infer.backend() ?? 'unknown';
    } finally {
      infer.destroy();
    }

    const header: ModelHeader = {
      kind: 'model',
      architecture: parent.header.architecture,
      tensors: [],
      parameterCount: arch.size,
      normalization: parent.header.normalization,
      reviewThreshold: review.threshold,
      provenance: {
        retrainedFrom: parent.id,
        data,
        ...(holdsOutSplit(parent.header) && { mnistHeldOut: MNIST_SPLIT }),
        settings,
        history: histories[0],
        ...(seconds.length && { secondsHistory: histories.slice(1) }),
        backend,
        createdAt: new Date().toISOString(),
      },
      metrics,
    };
    model = { header, theta, seconds };
  } finally {
    await gpu.destroy();
  }

  // The file is named by its bytes, which calibration changes: it is drafted under another name first.
  await mkdir(job.outDir, { recursive: true });
  await removeStaleDrafts(job.outDir);
  const draft = join(job.outDir, `retrain-${process.pid}-${Date.now()}.draft`);
  try {
    await writeModel(draft, model);
    // A field threshold needs the parent's held-out MNIST digits, which scans for calibration are drawn from.
    if (s.calibrationScans > 0 && holdsOutSplit(model.header)) {
      await calibrateModel({
        modelPath: draft,
        scans: s.calibrationScans,
        signal: hooks.signal,
        onProgress: (_stage, done, total) => report({ phase: 'calibrating', epoch: epochs, batch: done, batches: total, loss: NaN, etaSeconds: null }),
      });
    }
    report({ phase: 'writing', epoch: epochs, batch: 0, batches: 0, loss: NaN, etaSeconds: null });
    const written = await decodeModel(new Uint8Array(await readFile(draft)), 'the new model');
    hooks.signal?.throwIfAborted();
    const file = join(job.outDir, `${written.id}.bin`);
    await rename(draft, file);
    const { header } = written;
    return { file, name: written.id, architecture: header.architecture, reviewThreshold: header.reviewThreshold, metrics: header.metrics, data, history };
  } finally {
    await rm(draft, { force: true });
  }
}

/** Two evaluations' per-digit confidences and outcomes as one, for the review threshold. */
function joined(a: Evaluation, b: Evaluation): Pick<Evaluation, 'confidences' | 'correct'> {
  const confidences = new Float32Array(a.count + b.count);
  confidences.set(a.confidences);
  confidences.set(b.confidences, a.count);
  const correct = new Uint8Array(a.count + b.count);
  correct.set(a.correct);
  correct.set(b.correct, a.count);
  return { confidences, correct };
}

/** Drafts left by a retrain whose process died (killed, or the machine went down) before it could remove them. */
async function removeStaleDrafts(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = /^retrain-(\d+)-\d+\.draft$/.exec(name)?.[1];
    if (pid && !pidAlive(Number(pid))) await rm(join(dir, name), { force: true });
  }
}
