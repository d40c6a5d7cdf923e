import type { Connection } from './open';
import { now } from './records';
import { applyLabels } from './text';

export interface ReviewEntry {
  fieldId: number;
  scanId: number;
}

const OPEN = `f.needs_review = 1 AND f.accepted_at IS NULL
  AND (@batchId IS NULL OR f.scan_id IN (SELECT scan_id FROM batch_files WHERE batch_id = @batchId))`;

/** Fields still to review, least confident first, and how many there are in all. */
export function reviewQueue(c: Connection, q: { batchId?: number; limit: number }): { left: number; entries: ReviewEntry[] } {
  const p = { batchId: q.batchId ?? null, limit: q.limit };
  const entries = c
    .stmt<[unknown], ReviewEntry>(
      `SELECT f.id AS fieldId, f.scan_id AS scanId FROM fields f WHERE ${OPEN} ORDER BY f.confidence, f.id LIMIT @limit`,
    )
    .all(p);
  const { left } = c.stmt<[unknown], { left: number }>(`SELECT count(*) AS left FROM fields f WHERE ${OPEN}`).get({ batchId: p.batchId })!;
  return { left, entries };
}

/** Recomputes a field's text from its digits' current labels. */
function refreshText(c: Connection, fieldId: number): void {
  const { predicted_text } = c.stmt<[number], { predicted_text: string }>('SELECT predicted_text FROM fields WHERE id = ?').get(fieldId)!;
  const labels = c
    .stmt<[number], { l: number }>('SELECT coalesce(corrected_label, label) AS l FROM digits WHERE field_id = ? ORDER BY position')
    .all(fieldId)
    .map((r) => r.l);
  c.stmt<[string, number]>('UPDATE fields SET text = ? WHERE id = ?').run(applyLabels(predicted_text, labels), fieldId);
}

/** Sets a digit's label (logged with its input, for retraining). Returns the field id, or undefined if no digit. */
export function correctDigit(c: Connection, digitId: number, label: number, who: string): number | undefined {
  return c.tx(() => {
    const d = c
      .stmt<[number], { field_id: number; scan_id: number; old: number; input: Buffer }>(
        `SELECT d.field_id, f.scan_id, coalesce(d.corrected_label, d.label) AS old, d.input
         FROM digits d JOIN fields f ON f.id = d.field_id WHERE d.id = ?`,
      )
      .get(digitId);
    if (!d) return undefined;
    c.stmt<[number, number]>('UPDATE digits SET corrected_label = ? WHERE id = ?').run(label, digitId);
    c.stmt<[unknown]>(
      `INSERT INTO corrections (scan_id, field_id, digit_id, kind, old_label, new_label, input, who, at)
       VALUES (@scanId, @fieldId, @digitId, 'label', @old, @label, @input, @who, @at)`,
    ).run({ scanId: d.scan_id, fieldId: d.field_id, digitId, old: d.old, label, input: d.input, who, at: now() });
    refreshText(c, d.field_id);
    return d.field_id;
  });
}

/** Confirms a field as it now reads. Returns false if there is no such field. */
export function acceptField(c: Connection, fieldId: number, who: string): boolean {
  return c.tx(() => {
    const f = c.stmt<[number], { scan_id: number }>('SELECT scan_id FROM fields WHERE id = ?').get(fieldId);
    if (!f) return false;
    const at = now();
    c.stmt<[string, string, number]>('UPDATE fields SET accepted_at = ?, accepted_by = ? WHERE id = ?').run(at, who, fieldId);
    c.stmt<[number, number, string, string]>(
      `INSERT INTO corrections (scan_id, field_id, kind, who, at) VALUES (?, ?, 'accept', ?, ?)`,
    ).run(f.scan_id, fieldId, who, at);
    return true;
  });
}

export interface Undone {
  kind: 'label' | 'accept';
  fieldId: number | null;
  digitId: number | null;
}

/**
 * Undoes the latest correction or acceptance still in effect (of `who`, or anyone's): the digit or field goes
 * back to the state the earlier log entries give it. The log keeps the entry, marked undone.
 */
export function undoLast(c: Connection, who?: string): Undone | undefined {
  return c.tx(() => {
    const last = c
      .stmt<[unknown], { id: number; kind: 'label' | 'accept'; field_id: number | null; digit_id: number | null }>(
        `SELECT id, kind, field_id, digit_id FROM corrections
         WHERE undone_at IS NULL AND (@who IS NULL OR who = @who) ORDER BY id DESC LIMIT 1`,
      )
      .get({ who: who ?? null });
    if (!last) return undefined;
    c.stmt<[string, number]>('UPDATE corrections SET undone_at = ? WHERE id = ?').run(now(), last.id);
    if (last.kind === 'label' && last.digit_id !== null) {
      const prev = c
        .stmt<[number, number], { new_label: number }>(
          `SELECT new_label FROM corrections WHERE digit_id = ? AND kind = 'label' AND undone_at IS NULL AND id < ?
           ORDER BY id DESC LIMIT 1`,
        )
        .get(last.digit_id, last.id);
      c.stmt<[number | null, number]>('UPDATE digits SET corrected_label = ? WHERE id = ?').run(prev?.new_label ?? null, last.digit_id);
      if (last.field_id !== null) refreshText(c, last.field_id);
    } else if (last.kind === 'accept' && last.field_id !== null) {
      const prev = c
        .stmt<[number, number], { who: string; at: string }>(
          `SELECT who, at FROM corrections WHERE field_id = ? AND kind = 'accept' AND undone_at IS NULL AND id < ?
           ORDER BY id DESC LIMIT 1`,
        )
        .get(last.field_id, last.id);
      c.stmt<[string | null, string | null, number]>('UPDATE fields SET accepted_at = ?, accepted_by = ? WHERE id = ?').run(
        prev?.at ?? null,
        prev?.who ?? null,
        last.field_id,
      );
    }
    return { kind: last.kind, fieldId: last.field_id, digitId: last.digit_id };
  });
}

/** Label corrections in effect, with the digit inputs they were made on: the operator's training data. */
export function labelledCorrections(c: Connection): { id: number; input: Uint8Array; label: number }[] {
  return c
    .stmt<[], { id: number; input: Buffer; label: number }>(
      `SELECT c.id, c.input, c.new_label AS label FROM corrections c
       WHERE c.kind = 'label' AND c.undone_at IS NULL AND c.input IS NOT NULL
         -- the latest label of each digit; a digit gone with a re-read keeps its corrections as they were
         AND (c.digit_id IS NULL OR c.id = (SELECT max(c2.id) FROM corrections c2
                     WHERE c2.digit_id = c.digit_id AND c2.kind = 'label' AND c2.undone_at IS NULL))
       ORDER BY c.id`,
    )
    .all()
    .map((r) => ({ id: r.id, input: new Uint8Array(r.input), label: r.label }));
}
