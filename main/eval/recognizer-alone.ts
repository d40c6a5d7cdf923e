import { padTo32 } from '../../engine/data/dataset';
import { loadMnist, type MnistSet } from '../../engine/node/mnist';
import type { Recognizer } from '../../engine/recognizer';
import { readsWithCommittee } from '../segmentation';
import type { TruthField, TruthFile } from '../synth/truth';
import type { FieldOutcome } from './metrics';

/** A field read from its digits' own MNIST images: its outcome, and how many of its digits came out right. */
export interface AloneRead {
  outcome: FieldOutcome;
  digits: number;
  digitsRight: number;
}

/**
 * Reads true fields from the MNIST images their digits were drawn from, as if segmentation and normalization
 * gave back exactly those: what the recogniser alone allows, to set beside what the whole pipeline reads
 * (with the committee where the pipeline reads the kind with it). A field's confidence is the product of its
 * digits' top probabilities.
 */
export class RecognizerAlone {
  private readonly sets = new Map<'train' | 'test', Promise<MnistSet>>();

  constructor(private readonly recognizer: Recognizer) {}

  /** Undefined when the truth does not name its digits' images (a corpus written with habits, or before they were named). */
  async read(truth: TruthFile, field: TruthField): Promise<AloneRead | undefined> {
    const file = truth.mnist;
    if (!file || !field.digits.length || field.digits.some((d) => d.mnist === undefined)) return undefined;
    if (!this.sets.has(file)) this.sets.set(file, loadMnist(file));
    const set = await this.sets.get(file)!;
    const inputs = field.digits.map((d) => padTo32(set.pixels.subarray(d.mnist! * 784, d.mnist! * 784 + 784), 1));
    const probs = await this.recognizer.classify(inputs, { committee: readsWithCommittee(truth.kind) });
    let confidence = 1;
    let digitsRight = 0;
    probs.forEach((p, i) => {
      const top = Math.max(...p);
      confidence *= top;
      if (p.indexOf(top) === field.digits[i].label) digitsRight++;
    });
    return { outcome: { correct: digitsRight === field.digits.length, confidence }, digits: field.digits.length, digitsRight };
  }
}
