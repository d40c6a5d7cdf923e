import { DIGIT_SIDE, type ClassifyOptions, type DigitInput, type Recognizer } from '../../engine/recognizer';

/** The four one-pixel shifts of a candidate. */
const SHIFTS: readonly [number, number][] = [[1, 0], [-1, 0], [0, 1], [0, -1]];

/**
 * Candidates whose top probability lies between these are in doubt. Above, the digit is clear; below, the
 * answer is close to the recogniser's equal-probabilities "not a digit". Asking only for those (a fifth of all
 * candidates on the validation corpora) kept nearly all of the gain at 1.7 classifications per candidate.
 */
const DOUBT: readonly [number, number] = [0.25, 0.9];

/**
 * The recogniser's probabilities for each input; for one in doubt, the mean over it and its one-pixel shifts.
 * A candidate's place in its 32×32 is only good to a pixel (the centre of mass of a cut or broken piece), and
 * the network's answer on a doubtful digit can hinge on that; the mean is steadier. On the validation corpora
 * it cut field errors by about a tenth (exact match: cheques 87.0 → 87.5%, zips 90.7 → 91.8%).
 */
export async function classifyShiftAveraged(recognizer: Recognizer, inputs: readonly DigitInput[], o?: ClassifyOptions): Promise<Float32Array[]> {
  const first = await recognizer.classify(inputs, o);
  const doubtful = first.flatMap((p, i) => {
    const top = Math.max(...p);
    return top > DOUBT[0] && top < DOUBT[1] ? [i] : [];
  });
  if (!doubtful.length) return first;
  const more = await recognizer.classify(doubtful.flatMap((i) => SHIFTS.map(([dx, dy]) => shifted(inputs[i], dx, dy))), o);
  const out = [...first];
  doubtful.forEach((i, k) => {
    const mean = first[i].map((v) => v / (SHIFTS.length + 1));
    for (let s = 0; s < SHIFTS.length; s++) {
      const p = more[k * SHIFTS.length + s];
      for (let c = 0; c < mean.length; c++) mean[c] += p[c] / (SHIFTS.length + 1);
    }
    out[i] = mean;
  });
  return out;
}

/** The input moved dx pixels right and dy down; what moves out is dropped, what moves in is background. */
function shifted(input: DigitInput, dx: number, dy: number): DigitInput {
  const out = new Uint8Array(input.length);
  for (let y = Math.max(0, dy); y < Math.min(DIGIT_SIDE, DIGIT_SIDE + dy); y++) {
    const from = (y - dy) * DIGIT_SIDE;
    for (let x = Math.max(0, dx); x < Math.min(DIGIT_SIDE, DIGIT_SIDE + dx); x++) out[y * DIGIT_SIDE + x] = input[from + x - dx];
  }
  return out;
}
