import { splitOrder } from '../data/dataset';
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
