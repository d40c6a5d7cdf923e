/**
 * Mini-batch training of a LeNet-5 on any backend: seeded, resumable at every epoch boundary, cancellable
 * between steps. The caller supplies the data (already split: validation never comes from the test set)
 * and persists checkpoints; nothing here touches files.
 */
import type { GPU } from 'gpu.js';
import { architecture, type ArchitectureName } from './architecture';
import { randomAugment, identityAugment, type AugmentSettings } from './augment';
import { NOT_A_DIGIT, type DigitSet } from './data/dataset';
import { evaluate } from './evaluate';
import { graphReader } from './reader';
import { createInferGraph, createTrainGraph, stateSize } from './graph';
import { initialParameters } from './init';
import { AUG_PARAMS } from './kernels/sources';
import { rbfPrototypes } from './rbf';
import { createRng, shuffle } from './rng';

export interface TrainSettings {
  architecture: ArchitectureName;
  seed: number;
  epochs: number;
  batch: number;
  /** Batch groups for the convolution gradient reductions (a divisor of batch). */
  groups: number;
  optimizer: 'adam' | 'sgd';
  /** Peak learning rate; it follows a cosine from here down to lrFloor·learningRate over all epochs. */
  learningRate: number;
  lrFloor: number;
  momentum: number;
  weightDecay: number;
  /** null trains on the digits as they are. */
  augment: AugmentSettings | null;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  /** Over the digits trained on (NOT_A_DIGIT examples have no right answer to count). */
  trainError: number;
  validationError: number;
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
}

export interface Checkpoint {
  settings: TrainSettings;
  /** Epochs completed. */
  epoch: number;
  /** Optimiser steps taken (Adam's bias correction needs it). */
  step: number;
  /** [θ | optimiser moments]. */
  state: Float32Array;
  history: EpochRecord[];
  /** θ at the epoch with the lowest validation error so far. */
  best: { epoch: number; validationError: number; theta: Float32Array } | null;
}

export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

export interface TrainHooks {
  onProgress?(p: Progress): void;
  /** Called after each epoch with a checkpoint to persist; training resumes exactly from it. */
  onEpoch?(c: Checkpoint): void | Promise<void>;
  signal?: AbortSignal;
}

export function learningRateAt(s: TrainSettings, progress: number): number {
  const floor = s.learningRate * s.lrFloor;
  return floor + (s.learningRate - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}

/** A fresh checkpoint: θ initialised from the seed, or taken from a parent model when fine-tuning. */
export function initialCheckpoint(settings: TrainSettings, parentTheta?: Float32Array): Checkpoint {
  const arch = architecture(settings.architecture);
  const state = new Float32Array(stateSize(arch, { kind: settings.optimizer }));
  const theta = parentTheta ?? initialParameters(arch, createRng(settings.seed));
  if (theta.length !== arch.size) throw new Error(`Expected ${arch.size} parameters for ${arch.name} but received ${theta.length}`);
  state.set(theta);
  return { settings, epoch: 0, step: 0, state, history: [], best: null };
}

export async function train(gpu: GPU, data: { train: DigitSet; validation: DigitSet }, start: Checkpoint, hooks: TrainHooks = {}): Promise<Checkpoint> {
  const s = start.settings;
  const arch = architecture(s.architecture);
  const expected = stateSize(arch, { kind: s.optimizer });
  if (start.state.length !== expected)
    throw new Error(
      `Expected a checkpoint state of ${expected} values for ${arch.name} with ${s.optimizer} but received ${start.state.length} (a checkpoint from another engine version; start it over)`,
    );
  const prototypes = rbfPrototypes();
  const graph = createTrainGraph(gpu, arch, s.batch, s.groups, { kind: s.optimizer }, prototypes);
  const infer = createInferGraph(gpu, arch, 256, prototypes);
  const batches = Math.floor(data.train.count / s.batch);
  const src = new Float32Array(s.batch * 1024);
  const aug = new Float32Array(s.batch * AUG_PARAMS);
  const labels = new Float32Array(s.batch);
  let cp: Checkpoint = { ...start, state: Float32Array.from(start.state), history: [...start.history] };
  try {
    for (let epoch = cp.epoch; epoch < s.epochs; epoch++) {
      // One generator per epoch, so resuming at an epoch boundary replays exactly what an unbroken run does.
      const rng = createRng((s.seed * 1_000_003 + epoch * 7919) >>> 0);
      const order = shuffle(Uint32Array.from({ length: data.train.count }, (_, i) => i), rng);
      const t0 = performance.now();
      let lossSum = 0;
      let wrong = 0;
      let digits = 0;
      let lr = 0;
      let state = cp.state;
      let step = cp.step;
      for (let bi = 0; bi < batches; bi++) {
        if (hooks.signal?.aborted) throw new DOMException('Training was cancelled', 'AbortError');
        for (let b = 0; b < s.batch; b++) {
          const n = order[bi * s.batch + b];
          const px = data.train.pixels.subarray(n * 1024, n * 1024 + 1024);
          for (let i = 0; i < 1024; i++) src[b * 1024 + i] = px[i];
          labels[b] = data.train.labels[n];
          if (s.augment) randomAugment(aug, b, s.augment, rng);
          else identityAugment(aug, b);
        }
        step++;
        lr = learningRateAt(s, (epoch + bi / batches) / s.epochs);
        const hyper =
          s.optimizer === 'adam'
            ? new Float32Array([lr, s.weightDecay, 1 - 0.9 ** step, 1 - 0.999 ** step])
            : new Float32Array([lr, s.weightDecay, s.momentum, 0]);
        const out = await graph.step({ src, aug, labels, state, hyper });
        state = out.state;
        for (let b = 0; b < s.batch; b++) {
          lossSum += out.stats[2 * b];
          if (labels[b] === NOT_A_DIGIT) continue;
          digits++;
          if (out.stats[2 * b + 1] !== labels[b]) wrong++;
        }
        if (hooks.onProgress && (bi % 20 === 19 || bi === batches - 1)) {
          const seconds = (performance.now() - t0) / 1000;
          const rate = ((bi + 1) * s.batch) / seconds;
          const left = (batches - bi - 1) * s.batch + (s.epochs - epoch - 1) * batches * s.batch;
          hooks.onProgress({ epoch: epoch + 1, epochs: s.epochs, batch: bi + 1, batches, loss: lossSum / ((bi + 1) * s.batch), imagesPerSecond: rate, etaSeconds: left / rate });
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      const theta = state.slice(0, arch.size);
      const validationError = data.validation.count > 0 ? (await evaluate(graphReader([infer], [theta]), data.validation)).errorRate : NaN;
      const record: EpochRecord = {
        epoch: epoch + 1,
        trainLoss: lossSum / (batches * s.batch),
        trainError: wrong / Math.max(1, digits),
        validationError,
        learningRate: lr,
        seconds,
        imagesPerSecond: (batches * s.batch) / seconds,
      };
      const improved = !cp.best || !(validationError > cp.best.validationError);
      cp = {
        settings: s,
        epoch: epoch + 1,
        step,
        state,
        history: [...cp.history, record],
        best: improved ? { epoch: epoch + 1, validationError, theta } : cp.best,
      };
      await hooks.onEpoch?.(cp);
    }
    return cp;
  } finally {
    graph.destroy();
    infer.destroy();
  }
}
