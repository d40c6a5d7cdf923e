import type { Connection } from './open';
import {
  now,
  type Box,
  type DigitRecord,
  type FieldKind,
  type FieldRecord,
  type NewDigit,
  type NewField,
  type NewPage,
  type PageSize,
  type ScanRecord,
  type ScanState,
} from './records';

export interface ScanToSave {
  hash: string;
  path: string;
  name: string;
  size: number;
  kind: string;
  modelId: number | null;
  /** A field needs review when its confidence is under this. */
  reviewThreshold: number;
  /** The reading, or the reason it failed. */
  result: { pages: readonly NewPage[] } | { error: string };
  /** The batch_files row this reading completes, if any. */
  batchFileId?: number;
}

/** The scan with this content, if it was stored before. */
export function findScanByHash(c: Connection, hash: string): { id: number; status: 'read' | 'failed' } | undefined {
  return c.stmt<[string], { id: number; status: 'read' | 'failed' }>('SELECT id, status FROM scans WHERE hash = ?').get(hash);
}

/**
 * Stores one reading in one transaction: the scan row (once per content hash; a re-read replaces its fields
 * and digits), and marks the batch file done or failed. Returns the scan id.
 */
export function saveScan(c: Connection, s: ScanToSave): number {
  return c.tx(() => {
    const error = 'error' in s.result ? s.result.error : null;
    const pages: PageSize[] = 'pages' in s.result ? s.result.pages.map(({ page, width, height }) => ({ page, width, height })) : [];
    const scanId = c
      .stmt<[unknown], { id: number }>(
        `INSERT INTO scans (hash, path, name, size, status, error, kind, pages, model_id, read_at)
         VALUES (@hash, @path, @name, @size, @status, @error, @kind, @pages, @modelId, @readAt)
         ON CONFLICT (hash) DO UPDATE SET path = excluded.path, name = excluded.name, status = excluded.status,
           error = excluded.error, kind = excluded.kind, pages = excluded.pages, model_id = excluded.model_id,
           read_at = excluded.read_at
         RETURNING id`,
      )
      .get({
        hash: s.hash,
        path: s.path,
        name: s.name,
        size: s.size,
        status: error === null ? 'read' : 'failed',
        error,
        kind: s.kind,
        pages: JSON.stringify(pages),
        modelId: s.modelId,
        readAt: now(),
      })!.id;
    c.stmt<[number]>('DELETE FROM fields WHERE scan_id = ?').run(scanId);
    if ('pages' in s.result) insertFields(c, scanId, s.result.pages, s.modelId, s.reviewThreshold);
    if (s.batchFileId !== undefined) completeBatchFile(c, s.batchFileId, scanId, error);
    return scanId;
  });
}

function insertFields(c: Connection, scanId: number, pages: readonly NewPage[], modelId: number | null, threshold: number): void {
  const addField = c.stmt<[unknown], { id: number }>(
    `INSERT INTO fields (scan_id, page, position, kind, x, y, w, h, predicted_text, text, confidence, needs_review)
     VALUES (@scanId, @page, @position, @kind, @x, @y, @w, @h, @text, @text, @confidence, @needsReview) RETURNING id`,
  );
  for (const page of pages) {
    page.fields.forEach((f, position) => {
      const [x, y, w, h] = f.box;
      const fieldId = addField.get({
        scanId,
        page: page.page,
        position,
        kind: f.kind,
        x, y, w, h,
        text: f.text,
        confidence: f.confidence,
        needsReview: f.confidence < threshold ? 1 : 0,
      })!.id;
      insertDigits(c, fieldId, f.digits, modelId);
    });
  }
}

function insertDigits(c: Connection, fieldId: number, digits: readonly NewDigit[], modelId: number | null): void {
  const addDigit = c.stmt<[unknown]>(
    `INSERT INTO digits (field_id, position, x, y, w, h, crop_width, crop_height, crop, input, label, confidence,
       probabilities, model_id)
     VALUES (@fieldId, @position, @x, @y, @w, @h, @cropWidth, @cropHeight, @crop, @input, @label, @confidence,
       @probabilities, @modelId)`,
  );
  digits.forEach((d, i) => {
    const [dx, dy, dw, dh] = d.box;
    addDigit.run({
      fieldId,
      position: i,
      x: dx, y: dy, w: dw, h: dh,
      cropWidth: d.crop.width,
      cropHeight: d.crop.height,
      crop: blob(d.crop.data),
      input: blob(d.input),
      label: d.label,
      confidence: d.confidence,
      probabilities: blob(new Uint8Array(Float32Array.from(d.probabilities).buffer)),
      modelId,
    });
  });
}

/**
 * Replaces one field's reading (its box, text, confidence and every digit) with a new reading of it, in one
 * transaction: a crash leaves the old digits. Label corrections of the old digits stay in the log (with their
 * inputs) but no longer point at a digit. Returns false if there is no such field.
 */
export function replaceFieldDigits(c: Connection, fieldId: number, f: NewField, modelId: number | null, reviewThreshold: number): boolean {
  return c.tx(() => {
    const [x, y, w, h] = f.box;
    const updated = c
      .stmt<[unknown]>(
        `UPDATE fields SET x = @x, y = @y, w = @w, h = @h, predicted_text = @text, text = @text,
           confidence = @confidence, needs_review = @needsReview WHERE id = @fieldId`,
      )
      .run({ fieldId, x, y, w, h, text: f.text, confidence: f.confidence, needsReview: f.confidence < reviewThreshold ? 1 : 0 });
    if (updated.changes === 0) return false;
    c.stmt<[number]>('DELETE FROM digits WHERE field_id = ?').run(fieldId);
    insertDigits(c, fieldId, f.digits, modelId);
    return true;
  });
}

function blob(a: Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Links a batch file to an already stored scan (same content read before) without reading it again. */
export function completeBatchFile(c: Connection, batchFileId: number, scanId: number | null, error: string | null): void {
  c.stmt<[string, string | null, number | null, number]>(
    'UPDATE batch_files SET status = ?, error = ?, scan_id = ? WHERE id = ?',
  ).run(error === null ? 'done' : 'failed', error, scanId, batchFileId);
}

interface ScanRow {
  id: number;
  hash: string;
  path: string;
  name: string;
  size: number;
  status: 'read' | 'failed';
  error: string | null;
  kind: string;
  pages: string;
  model_id: number | null;
  read_at: string;
}

export function getScan(c: Connection, id: number): ScanRecord | undefined {
  const r = c.stmt<[number], ScanRow>('SELECT * FROM scans WHERE id = ?').get(id);
  return (
    r && {
      id: r.id,
      hash: r.hash,
      path: r.path,
      name: r.name,
      size: r.size,
      status: r.status,
      error: r.error,
      kind: r.kind,
      pages: JSON.parse(r.pages) as PageSize[],
      modelId: r.model_id,
      readAt: r.read_at,
    }
  );
}

interface FieldRow {
  id: number;
  scan_id: number;
  page: number;
  position: number;
  kind: FieldKind;
  x: number;
  y: number;
  w: number;
  h: number;
  predicted_text: string;
  text: string;
  confidence: number;
  needs_review: number;
  accepted_at: string | null;
  accepted_by: string | null;
}

interface DigitRow {
  id: number;
  field_id: number;
  position: number;
  x: number;
  y: number;
  w: number;
  h: number;
  crop_width: number;
  crop_height: number;
  crop: Buffer;
  input: Buffer;
  label: number;
  corrected_label: number | null;
  confidence: number;
  probabilities: Buffer;
  model_id: number | null;
}

function toDigit(r: DigitRow): DigitRecord {
  const p = new Uint8Array(r.probabilities); // copy: Float32Array needs 4-byte alignment
  return {
    id: r.id,
    fieldId: r.field_id,
    position: r.position,
    box: [r.x, r.y, r.w, r.h],
    crop: { width: r.crop_width, height: r.crop_height, data: new Uint8Array(r.crop) },
    input: new Uint8Array(r.input),
    label: r.label,
    correctedLabel: r.corrected_label,
    confidence: r.confidence,
    probabilities: new Float32Array(p.buffer, 0, p.byteLength / 4),
    modelId: r.model_id,
  };
}

function toField(r: FieldRow, digits: DigitRecord[]): FieldRecord {
  return {
    id: r.id,
    scanId: r.scan_id,
    page: r.page,
    position: r.position,
    kind: r.kind,
    box: [r.x, r.y, r.w, r.h] as Box,
    predictedText: r.predicted_text,
    text: r.text,
    confidence: r.confidence,
    needsReview: r.needs_review === 1,
    acceptedAt: r.accepted_at,
    acceptedBy: r.accepted_by,
    digits,
  };
}

export function fieldsOfScan(c: Connection, scanId: number): FieldRecord[] {
  const fields = c.stmt<[number], FieldRow>('SELECT * FROM fields WHERE scan_id = ? ORDER BY page, position').all(scanId);
  const digits = c
    .stmt<[number], DigitRow>(
      `SELECT d.* FROM digits d JOIN fields f ON f.id = d.field_id WHERE f.scan_id = ? ORDER BY d.field_id, d.position`,
    )
    .all(scanId)
    .map(toDigit);
  return fields.map((f) => toField(f, digits.filter((d) => d.fieldId === f.id)));
}

export function getField(c: Connection, id: number): FieldRecord | undefined {
  const f = c.stmt<[number], FieldRow>('SELECT * FROM fields WHERE id = ?').get(id);
  if (!f) return undefined;
  const digits = c.stmt<[number], DigitRow>('SELECT * FROM digits WHERE field_id = ? ORDER BY position').all(id);
  return toField(f, digits.map(toDigit));
}

export function getDigit(c: Connection, id: number): DigitRecord | undefined {
  const r = c.stmt<[number], DigitRow>('SELECT * FROM digits WHERE id = ?').get(id);
  return r && toDigit(r);
}

export interface ScanQuery {
  batchId?: number;
  state?: ScanState;
  minConfidence?: number;
  maxConfidence?: number;
  search?: string;
  offset: number;
  limit: number;
}

export interface ScanSummaryRecord {
  id: number;
  path: string;
  name: string;
  state: ScanState;
  error: string | null;
  text: string;
  confidence: number | null;
  fieldCount: number;
}

export function listScans(c: Connection, q: ScanQuery): { total: number; items: ScanSummaryRecord[] } {
  const rows = c
    .stmt<[unknown], ScanSummaryRecord & { total: number }>(
      `WITH s AS (
         SELECT sc.id, sc.path, sc.name, sc.error,
           (SELECT min(f.confidence) FROM fields f WHERE f.scan_id = sc.id) AS confidence,
           (SELECT count(*) FROM fields f WHERE f.scan_id = sc.id) AS fieldCount,
           coalesce((SELECT group_concat(text, ' ') FROM
             (SELECT f.text FROM fields f WHERE f.scan_id = sc.id ORDER BY f.page, f.position)), '') AS text,
           CASE
             WHEN sc.status = 'failed' THEN 'failed'
             WHEN EXISTS (SELECT 1 FROM fields f WHERE f.scan_id = sc.id AND f.needs_review = 1 AND f.accepted_at IS NULL)
               THEN 'needs-review'
             WHEN EXISTS (SELECT 1 FROM fields f WHERE f.scan_id = sc.id AND f.needs_review = 1) THEN 'reviewed'
             ELSE 'ok'
           END AS state
         FROM scans sc
         WHERE @batchId IS NULL OR sc.id IN (SELECT scan_id FROM batch_files WHERE batch_id = @batchId)
       )
       SELECT *, count(*) OVER () AS total FROM s
       WHERE (@state IS NULL OR state = @state)
         AND (@minConfidence IS NULL OR confidence >= @minConfidence)
         AND (@maxConfidence IS NULL OR confidence <= @maxConfidence)
         AND (@search IS NULL OR path LIKE @search ESCAPE '\\' OR name LIKE @search ESCAPE '\\' OR text LIKE @search ESCAPE '\\')
       ORDER BY id LIMIT @limit OFFSET @offset`,
    )
    .all({
      batchId: q.batchId ?? null,
      state: q.state ?? null,
      minConfidence: q.minConfidence ?? null,
      maxConfidence: q.maxConfidence ?? null,
      search: q.search ? `%${q.search.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null,
      limit: q.limit,
      offset: q.offset,
    });
  // count(*) OVER () rides on each row; an offset past the end gives no rows, so count separately then.
  const total = rows.length > 0 ? rows[0].total : q.offset > 0 ? listScans(c, { ...q, offset: 0, limit: 1 }).total : 0;
  return { total, items: rows.map(({ total: _total, ...item }) => item) };
}

/** Light rows for export: every field of the scans (of a batch, or all), with digit labels, no images. */
export interface ExportScan {
  id: number;
  path: string;
  name: string;
  error: string | null;
  fields: {
    id: number;
    page: number;
    kind: FieldKind;
    box: Box;
    text: string;
    predictedText: string;
    confidence: number;
    needsReview: boolean;
    accepted: boolean;
    digits: { label: number; predicted: number; confidence: number; box: Box }[];
  }[];
}

export function* exportScans(c: Connection, batchId?: number): Generator<ExportScan> {
  const ids = c
    .stmt<[{ batchId: number | null }], number>(
      `SELECT id FROM scans
       WHERE @batchId IS NULL OR id IN (SELECT scan_id FROM batch_files WHERE batch_id = @batchId) ORDER BY id`,
    )
    .pluck()
    .all({ batchId: batchId ?? null });
  for (const id of ids) yield exportScan(c, id)!;
}

export function exportScan(c: Connection, scanId: number): ExportScan | undefined {
  const s = c
    .stmt<[number], { id: number; path: string; name: string; error: string | null }>('SELECT id, path, name, error FROM scans WHERE id = ?')
    .get(scanId);
  if (!s) return undefined;
  const digits = c
    .stmt<[number], { field_id: number; label: number; corrected_label: number | null; confidence: number; x: number; y: number; w: number; h: number }>(
      `SELECT d.field_id, d.label, d.corrected_label, d.confidence, d.x, d.y, d.w, d.h FROM digits d
       JOIN fields f ON f.id = d.field_id WHERE f.scan_id = ? ORDER BY d.field_id, d.position`,
    )
    .all(scanId);
  const fields = c.stmt<[number], FieldRow>('SELECT * FROM fields WHERE scan_id = ? ORDER BY page, position').all(scanId);
  return {
    ...s,
    fields: fields.map((f) => ({
      id: f.id,
      page: f.page,
      kind: f.kind,
      box: [f.x, f.y, f.w, f.h] as Box,
      text: f.text,
      predictedText: f.predicted_text,
      confidence: f.confidence,
      needsReview: f.needs_review === 1,
      accepted: f.accepted_at !== null,
      digits: digits
        .filter((d) => d.field_id === f.id)
        .map((d) => ({ label: d.corrected_label ?? d.label, predicted: d.label, confidence: d.confidence, box: [d.x, d.y, d.w, d.h] as Box })),
    })),
  };
}
