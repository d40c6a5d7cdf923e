import type { Rng } from '../rng';
import { shuffle } from '../rng';

/**
 * The label of a piece of ink that is no digit (a fragment, two touching digits): the recogniser is trained to
 * give it the same probability for every digit, so that the best path through a field's pieces does not take it.
 */
export const NOT_A_DIGIT = 10;

/** Labelled 32×32 digit images (bytes, 0 background, 255 ink), the engine's one data shape. Labels 0-9, or NOT_A_DIGIT. */
export interface DigitSet {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Pads 28×28 MNIST images by 2 on each side to 32×32, as LeNet-5 takes them. */
export function padTo32(pixels28: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count * 1024);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < 28; y++) out.set(pixels28.subarray(n * 784 + y * 28, n * 784 + y * 28 + 28), n * 1024 + (y + 2) * 32 + 2);
  return out;
}

export function subset(set: DigitSet, indices: ArrayLike<number>): DigitSet {
  const pixels = new Uint8Array(indices.length * 1024);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const n = indices[i];
    pixels.set(set.pixels.subarray(n * 1024, n * 1024 + 1024), i * 1024);
    labels[i] = set.labels[n];
  }
  return { count: indices.length, pixels, labels };
}

/** A seeded split of a training set into training and validation parts (the test set is never touched). */
export function splitValidation(set: DigitSet, validationCount: number, rng: Rng): { train: DigitSet; validation: DigitSet } {
  const order = splitOrder(set.count, validationCount, rng);
  return { train: subset(set, order.train), validation: subset(set, order.validation) };
}

/** The indices splitValidation puts in each part, for callers that need the digits themselves (replay, synth). */
export function splitOrder(count: number, validationCount: number, rng: Rng): { train: Uint32Array; validation: Uint32Array } {
  if (validationCount < 0 || validationCount >= count) throw new Error(`Expected a validation size in [0, ${count}) but received ${validationCount}`);
  const order = shuffle(Uint32Array.from({ length: count }, (_, i) => i), rng);
  return { train: order.subarray(validationCount), validation: order.subarray(0, validationCount) };
}

export function concatSets(sets: DigitSet[]): DigitSet {
  const count = sets.reduce((a, s) => a + s.count, 0);
  const pixels = new Uint8Array(count * 1024);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const s of sets) {
    pixels.set(s.pixels.subarray(0, s.count * 1024), n * 1024);
    labels.set(s.labels.subarray(0, s.count), n);
    n += s.count;
  }
  return { count, pixels, labels };
}
