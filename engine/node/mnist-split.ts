import { splitOrder } from '../data/dataset';
import type { ModelHeader } from '../model-file';
import { createRng } from '../rng';

/**
 * The training/validation split of MNIST's 60,000 training digits that `npm run train` makes by default
 * (5,000 held out, seed 1): the shipped model never trained on the validation part. Retraining replays digits
 * of the training part only; synthetic scans may be drawn from the validation part.
 */
export const MNIST_SPLIT = { validation: 5000, seed: 1 } as const;

export function mnistSplitOrder(count = 60_000): { train: Uint32Array; validation: Uint32Array } {
  return splitOrder(count, MNIST_SPLIT.validation, createRng(MNIST_SPLIT.seed));
}

/**
 * The shipped model and `npm run train` hold out the same MNIST training digits (MNIST_SPLIT); scans drawn
 * from them are validation data for such a model only. A model from another split would be calibrated on
 * digits it may have trained on. `npm run train` says so in its data line; a retrain, which replays only the
 * split's training part, says so in `mnistHeldOut` when its parent held the split out.
 */
export function holdsOutSplit(header: ModelHeader): boolean {
  const p = header.provenance as { data?: unknown; settings?: { seed?: unknown }; mnistHeldOut?: { validation?: unknown; seed?: unknown } };
  if (p.mnistHeldOut) return p.mnistHeldOut.validation === MNIST_SPLIT.validation && p.mnistHeldOut.seed === MNIST_SPLIT.seed;
  const data = typeof p.data === 'string' ? p.data : '';
  return p.settings?.seed === MNIST_SPLIT.seed && new RegExp(`\\b${MNIST_SPLIT.validation} held out\\b`).test(data);
}
