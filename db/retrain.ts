/** The store's side of retraining: the operator's labelled digits, and the scans a new model version re-reads. */
import type { Connection } from './open';
import type { ScanRecord } from './records';
import { labelledCorrections } from './review';
import { getScan } from './scans';

export interface LabelledDigit {
  input: Uint8Array;
  label: number;
  /**
   * The field it came from, named by its scan's content and its place (`hash:page:position`), so it does not
   * depend on the order scans were read in; a correction whose field was re-read since is a field of its own.
   */
  field: string;
  /** Its place in the field. */
  position: number;
  source: 'correction' | 'confirmed';
}

const FIELD_KEY = `s.hash || ':' || f.page || ':' || f.position`;

/**
 * What retraining learns from: the label corrections in effect (with the inputs they were made on), and the
 * digits of accepted fields that were never corrected (confirmed as read). In field and position order.
 */
export function labelledDigits(c: Connection): LabelledDigit[] {
  const placeOf = c.stmt<[number], { field: string; position: number }>(
    `SELECT ${FIELD_KEY} AS field, d.position FROM corrections k JOIN digits d ON d.id = k.digit_id
     JOIN fields f ON f.id = d.field_id JOIN scans s ON s.id = f.scan_id WHERE k.id = ?`,
  );
  const corrections = labelledCorrections(c).map((r): LabelledDigit => {
    const place = placeOf.get(r.id) ?? { field: `correction:${r.id}`, position: 0 };
    return { input: r.input, label: r.label, ...place, source: 'correction' };
  });
  const confirmed = c
    .stmt<[], { input: Buffer; label: number; field: string; position: number }>(
      `SELECT d.input, d.label, ${FIELD_KEY} AS field, d.position FROM digits d
       JOIN fields f ON f.id = d.field_id JOIN scans s ON s.id = f.scan_id
       WHERE f.accepted_at IS NOT NULL AND d.corrected_label IS NULL`,
    )
    .all()
    .map((r): LabelledDigit => ({ input: new Uint8Array(r.input), label: r.label, field: r.field, position: r.position, source: 'confirmed' }));
  return [...corrections, ...confirmed].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : a.position - b.position));
}

/**
 * Scans a newly activated model reads again: read without failure, and untouched by the operator (no field
 * accepted, no digit corrected), since a re-read replaces a scan's fields and digits.
 */
export function unconfirmedScans(c: Connection): ScanRecord[] {
  return c
    .stmt<[], number>(
      `SELECT s.id FROM scans s WHERE s.status = 'read'
         AND NOT EXISTS (SELECT 1 FROM fields f WHERE f.scan_id = s.id AND f.accepted_at IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM digits d JOIN fields f ON f.id = d.field_id
                         WHERE f.scan_id = s.id AND d.corrected_label IS NOT NULL)
       ORDER BY s.id`,
    )
    .pluck()
    .all()
    .map((id) => getScan(c, id)!);
}

/** A scan by the path it was read from. */
export function findScanByPath(c: Connection, path: string): ScanRecord | undefined {
  const id = c.stmt<[string], number>('SELECT id FROM scans WHERE path = ? ORDER BY id DESC LIMIT 1').pluck().get(path);
  return id === undefined ? undefined : getScan(c, id);
}

/** Each field's predicted digits (page, position → labels as read), to count what a re-read changed. */
export function predictedLabels(c: Connection, scanId: number): Map<string, number[]> {
  const rows = c
    .stmt<[number], { page: number; position: number; label: number }>(
      `SELECT f.page, f.position, d.label FROM fields f JOIN digits d ON d.field_id = f.id
       WHERE f.scan_id = ? ORDER BY f.page, f.position, d.position`,
    )
    .all(scanId);
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.page}:${r.position}`;
    out.set(key, [...(out.get(key) ?? []), r.label]);
  }
  return out;
}
