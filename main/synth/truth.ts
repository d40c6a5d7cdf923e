import type { Box, DocumentKind } from '../segmentation';

/** The truth file written next to each synthetic image (`NAME.json` beside `NAME.jpg`). */
export interface TruthFile {
  image: string;
  kind: DocumentKind;
  dpi: number;
  width: number;
  height: number;
  /** Clockwise rotation applied to the whole page, in degrees. */
  rotation: number;
  /** The MNIST file the digits are images from, unchanged; absent when a writer's habits reshaped them. */
  mnist?: 'train' | 'test';
  fields: TruthField[];
}

export interface TruthField {
  /** Digits and separators as written, e.g. '12345-6789' or '125,40'. */
  text: string;
  box: Box;
  digits: TruthDigit[];
}

export interface TruthDigit {
  box: Box;
  label: number;
  /** Which image of the `mnist` file it is, so that a measure can read the digit as MNIST has it. */
  mnist?: number;
}
