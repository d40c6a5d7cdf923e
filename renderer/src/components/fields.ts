import type { Box as ApiBox, FieldDetail } from '../../../main/api/contract';
import type { Box } from './ScanViewer';

const toBox = (key: string, [x, y, width, height]: ApiBox, confidence: number, kind: Box['kind'], selected: boolean): Box => ({
  key,
  x,
  y,
  width,
  height,
  confidence,
  kind,
  selected,
});

export const fieldKey = (id: number) => `f${id}`;
export const digitKey = (id: number) => `d${id}`;

/** The boxes to draw for the fields of one page: each field, and each of its digits. */
export function boxesOf(fields: readonly FieldDetail[], selected?: { fieldId?: number; digitId?: number }): Box[] {
  return fields.flatMap((field) => [
    toBox(fieldKey(field.id), field.box, field.confidence, 'field', field.id === selected?.fieldId),
    ...field.digits.map((d) => toBox(digitKey(d.id), d.box, d.corrected ? 1 : d.confidence, 'digit', d.id === selected?.digitId)),
  ]);
}
