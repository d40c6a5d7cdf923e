/** Store records to the contract's shapes. */
import type { DigitRecord, FieldRecord, ScanRecord } from '../../db';
import type { DigitDetail, FieldDetail, ScanDetail, ScanState } from './contract';
import { greyPngDataUrl, inkToPicture } from './png';

export function digitView(d: DigitRecord): DigitDetail {
  return {
    id: d.id,
    index: d.position,
    box: d.box,
    label: d.correctedLabel ?? d.label,
    predicted: d.label,
    corrected: d.correctedLabel !== null && d.correctedLabel !== d.label,
    confidence: d.confidence,
    probabilities: Array.from(d.probabilities),
    cropUrl: greyPngDataUrl(d.crop.width, d.crop.height, inkToPicture(d.crop.data)),
  };
}

export function fieldView(f: FieldRecord): FieldDetail {
  return {
    id: f.id,
    scanId: f.scanId,
    page: f.page,
    kind: f.kind,
    box: f.box,
    text: f.text,
    predictedText: f.predictedText,
    confidence: f.confidence,
    needsReview: f.needsReview,
    accepted: f.acceptedAt !== null,
    digits: f.digits.map(digitView),
  };
}

/** The same rule as the store's listScans query. */
export function scanState(status: ScanRecord['status'], fields: readonly FieldRecord[]): ScanState {
  if (status === 'failed') return 'failed';
  if (fields.some((f) => f.needsReview && f.acceptedAt === null)) return 'needs-review';
  return fields.some((f) => f.needsReview) ? 'reviewed' : 'ok';
}

export function scanView(s: ScanRecord, fields: FieldRecord[]): ScanDetail {
  return {
    id: s.id,
    path: s.path,
    name: s.name,
    state: scanState(s.status, fields),
    error: s.error,
    text: fields.map((f) => f.text).join(' '),
    confidence: fields.length ? Math.min(...fields.map((f) => f.confidence)) : null,
    fieldCount: fields.length,
    hash: s.hash,
    size: s.size,
    pages: s.pages,
    fields: fields.map(fieldView),
  };
}
