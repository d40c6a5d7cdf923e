import { createHash } from 'node:crypto';
import type { LabelledDigit } from '../../db';
import type { DigitSet } from '../../engine/data/dataset';
import { MIN_LABELLED_DIGITS } from './settings';

function toSet(digits: LabelledDigit[]): DigitSet {
  const pixels = new Uint8Array(digits.length * 1024);
  digits.forEach((d, i) => pixels.set(d.input, i * 1024));
  return { count: digits.length, pixels, labels: Uint8Array.from(digits, (d) => d.label) };
}

/** A field's place in [0, 1), fixed by its key, so the same fields stay held out from one retrain to the next. */
function fieldHash(key: string, seed: number): number {
  return createHash('sha256').update(`${seed}:${key}`).digest().readUInt32LE(0) / 4294967296;
}

/**
 * Splits the operator's digits into training and held-out parts by field (digits of one field share a writer,
 * so they stay together), with at least one field in each part.
 */
export function splitLabelled(digits: LabelledDigit[], heldOutShare: number, seed: number): { train: DigitSet; heldOut: DigitSet; summary: Record<string, number> } {
  if (digits.length < MIN_LABELLED_DIGITS)
    throw new Error(`Expected at least ${MIN_LABELLED_DIGITS} corrected or confirmed digits to retrain on but the database has ${digits.length}; correct or accept more fields first`);
  const groups = [...new Set(digits.map((d) => d.field))];
  const held = new Set(groups.filter((g) => fieldHash(g, seed) < heldOutShare));
  if (held.size === 0) held.add(groups[0]);
  if (held.size === groups.length) held.delete(groups[0]);
  const train: LabelledDigit[] = [];
  const heldOut: LabelledDigit[] = [];
  for (const d of digits) (held.has(d.field) ? heldOut : train).push(d);
  return {
    train: toSet(train),
    heldOut: toSet(heldOut),
    summary: {
      corrections: digits.filter((d) => d.source === 'correction').length,
      confirmed: digits.filter((d) => d.source === 'confirmed').length,
      fields: groups.length,
      heldOutFields: held.size,
    },
  };
}
