import { exportScans, type Connection, type ExportScan } from '../../db';

/** One scan as the CLI's JSON Lines and the JSON export write it (issue 4's format), corrections applied. */
export interface ScanJson {
  file: string;
  error: string | null;
  fields: {
    kind: string;
    text: string;
    confidence: number;
    needsReview: boolean;
    accepted: boolean;
    box: [number, number, number, number];
    digits: { label: number; confidence: number; box: [number, number, number, number] }[];
  }[];
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function scanJson(s: ExportScan, file = s.path): ScanJson {
  return {
    file,
    error: s.error,
    fields: s.fields.map((f) => ({
      kind: f.kind,
      text: f.text,
      confidence: round(f.confidence),
      needsReview: f.needsReview && !f.accepted,
      accepted: f.accepted,
      box: f.box,
      digits: f.digits.map((d) => ({ label: d.label, confidence: round(d.confidence), box: d.box })),
    })),
  };
}

export function exportJson(c: Connection, batchId?: number): string {
  return `${JSON.stringify([...exportScans(c, batchId)].map((s) => scanJson(s)), null, 1)}\n`;
}

const CSV_HEADER = ['file', 'page', 'field', 'kind', 'text', 'predicted_text', 'confidence', 'needs_review', 'accepted', 'error'];

function csvCell(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per field (a failed scan: one row with its error); texts as corrected, predictions beside. */
export function exportCsv(c: Connection, batchId?: number): string {
  const rows: (string | number | boolean | null)[][] = [CSV_HEADER];
  for (const s of exportScans(c, batchId)) {
    if (s.fields.length === 0) rows.push([s.path, null, null, null, null, null, null, null, null, s.error ?? '']);
    s.fields.forEach((f, i) =>
      rows.push([s.path, f.page, i + 1, f.kind, f.text, f.predictedText, round(f.confidence), f.needsReview && !f.accepted, f.accepted, null]),
    );
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
