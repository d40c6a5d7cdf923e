import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewDigit, NewField, NewPage } from '../../db';

export function tempDir(prefix = 'digitread-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A digit reading with a peaked distribution on `label`. */
export function digit(label: number, confidence: number, x = 0): NewDigit {
  const probabilities = new Float32Array(10).fill((1 - confidence) / 9);
  probabilities[label] = confidence;
  return {
    box: [x, 0, 10, 20],
    crop: { width: 10, height: 20, data: new Uint8Array(200).fill(label * 20) },
    input: new Uint8Array(1024).fill(label),
    probabilities,
    label,
    confidence,
  };
}

/** A field whose text is `text`; digits take their labels from its digit characters. */
export function field(text: string, confidence: number, kind: NewField['kind'] = 'zip'): NewField {
  const digits = [...text].filter((ch) => /[0-9]/.test(ch)).map((ch, i) => digit(Number(ch), confidence, i * 12));
  return { kind, box: [5, 5, 200, 40], text, confidence, digits };
}

export function page(...fields: NewField[]): NewPage[] {
  return [{ page: 1, width: 400, height: 200, fields }];
}
