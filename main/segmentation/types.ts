export type { Box } from './image';
import type { Box } from './image';

export type DocumentKind = 'zip' | 'cheque' | 'digits';

export interface ReadDigit {
  /** Where the digit lies in the page as stored in the file (x, y, width, height in its pixels). */
  box: Box;
  /** The engine's 32×32 input, MNIST-normalized. */
  input: Uint8Array;
  /** The digit cut from the deskewed page for display: ink darkness, 0 = white paper, row-major. */
  crop: { width: number; height: number; data: Uint8Array };
  probabilities: Float32Array;
  label: number;
  confidence: number;
}

export interface ReadField {
  kind: DocumentKind;
  box: Box;
  /** Digits plus separators, e.g. '12345-6789', '123.45'. */
  text: string;
  digits: ReadDigit[];
  /**
   * How sure the reading is, in [0, 1]: the product of the digits' probabilities, lowered where the field could
   * be cut or read another way almost as well (see bestPath), lowered for an amount of three or more digits
   * read without a decimal mark (a tenth from five digits: a mark was missed) or where a mark joined to a digit
   * could as well not be one, a hundredth of that for a digit count the field cannot have (a four-digit zip code).
   */
  confidence: number;
}

export interface ReadPage {
  page: number;
  width: number;
  height: number;
  fields: ReadField[];
}
