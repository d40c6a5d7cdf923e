/**
 * The contract between the engine and everything that uses it (segmentation, pipeline, app).
 *
 * A digit input is a 32×32 grey image, row-major, 1024 bytes: 0 is background, 255 is full ink. It is made
 * the way MNIST was: the digit fitted into 20×20 keeping its aspect ratio, centred by centre of mass in
 * 28×28, then padded by 2 on each side to 32×32. The engine maps bytes to the network's input range itself.
 */
export type DigitInput = Uint8Array;

export const DIGIT_SIDE = 32;
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;

export interface ClassifyOptions {
  /**
   * Answer with the mean of every member of a committee model (several sets of weights in one file), not its
   * first member's alone. A model of one member answers the same either way.
   */
  committee?: boolean;
}

export interface Recognizer {
  /** Class probabilities (10 values summing to 1) for each input, in order. */
  classify(inputs: readonly DigitInput[], o?: ClassifyOptions): Promise<Float32Array[]>;
}
