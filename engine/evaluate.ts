import type { DigitSet } from './data/dataset';
import { DIGIT_PIXELS, type ClassifyOptions, type Recognizer } from './recognizer';

export interface Evaluation {
  count: number;
  errors: number;
  errorRate: number;
  /** confusion[truth][predicted]. */
  confusion: number[][];
  /** Per image: the winning class's probability, for calibrating review thresholds. */
  confidences: Float32Array;
  correct: Uint8Array;
}

/** Images asked of the reader at a time. */
const CHUNK = 1024;

/** Classifies every image of a set and scores it. */
export async function evaluate(reader: Recognizer, set: DigitSet, o?: ClassifyOptions): Promise<Evaluation> {
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const confidences = new Float32Array(set.count);
  const correct = new Uint8Array(set.count);
  let errors = 0;
  for (let start = 0; start < set.count; start += CHUNK) {
    const n = Math.min(CHUNK, set.count - start);
    const inputs = Array.from({ length: n }, (_, b) => set.pixels.subarray((start + b) * DIGIT_PIXELS, (start + b + 1) * DIGIT_PIXELS));
    const probs = await reader.classify(inputs, o);
    probs.forEach((p, b) => {
      let best = 0;
      for (let k = 1; k < 10; k++) if (p[k] > p[best]) best = k;
      const truth = set.labels[start + b];
      confusion[truth][best]++;
      confidences[start + b] = p[best];
      correct[start + b] = best === truth ? 1 : 0;
      if (best !== truth) errors++;
    });
  }
  return { count: set.count, errors, errorRate: errors / set.count, confusion, confidences, correct };
}

/**
 * The lowest confidence threshold at which the digits accepted (confidence ≥ threshold) have an error rate
 * of at most `targetError`, with the share of digits accepted at it.
 */
export function thresholdForErrorRate(e: Pick<Evaluation, 'confidences' | 'correct'>, targetError: number): { threshold: number; acceptRate: number } {
  const order = Array.from(e.confidences.keys()).sort((a, b) => e.confidences[b] - e.confidences[a]);
  let wrong = 0;
  let best = { threshold: 1, acceptRate: 0 };
  for (let i = 0; i < order.length; i++) {
    if (!e.correct[order[i]]) wrong++;
    const next = order[i + 1];
    // Only cut between distinct confidences, so the threshold accepts exactly the first i + 1.
    if (next !== undefined && e.confidences[next] === e.confidences[order[i]]) continue;
    if (wrong / (i + 1) <= targetError) best = { threshold: e.confidences[order[i]], acceptRate: (i + 1) / order.length };
  }
  return best;
}
