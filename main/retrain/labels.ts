/**
 * Known values as corrections: a CSV of `file,text` (a scan's path as it was read, its field's true text)
 * from keyed data. Each label is aligned digit by digit with the field as segmented; a label that does not
 * align is reported, never guessed.
 */
import { parse } from 'csv-parse/sync';
import { dirname, resolve } from 'node:path';
import * as db from '../../db';

export interface LabelProblem {
  line: number;
  file: string;
  reason: string;
}

export interface LabelReport {
  rows: number;
  /** Fields labelled: their digits set to the label's and the field accepted. */
  fields: number;
  /** Digits whose label changed. */
  corrected: number;
  problems: LabelProblem[];
}

const TEXT = /^[0-9][0-9.,\- /]*$/;

/** The scan read from `file`, as written in the CSV, as resolved from here, or from the CSV's folder. */
function scanFor(c: db.Connection, file: string, csvPath: string): db.ScanRecord | undefined {
  for (const path of [file, resolve(file), resolve(dirname(csvPath), file)]) {
    const s = db.findScanByPath(c, path);
    if (s) return s;
  }
  return undefined;
}

/** Applies one label to its scan's field; returns the digits corrected, or the reason it cannot. */
function labelScan(c: db.Connection, scan: db.ScanRecord, text: string, who: string): number | string {
  if (scan.status === 'failed') return `the scan could not be read (${scan.error ?? 'unknown error'})`;
  const fields = db.fieldsOfScan(c, scan.id);
  if (fields.length === 0) return 'no field was found on the scan';
  if (fields.length > 1) return `the scan has ${fields.length} fields and a row labels one`;
  const field = fields[0];
  const truth = [...text.replace(/[^0-9]/g, '')].map(Number);
  if (field.digits.length !== truth.length)
    return `the field was segmented into ${field.digits.length} digits but the label has ${truth.length}; not aligned`;
  let corrected = 0;
  field.digits.forEach((d, i) => {
    if ((d.correctedLabel ?? d.label) === truth[i]) return;
    db.correctDigit(c, d.id, truth[i], who);
    corrected++;
  });
  if (field.acceptedAt === null) db.acceptField(c, field.id, who);
  return corrected;
}

export function applyLabelCsv(c: db.Connection, csv: string, o: { csvPath: string; who: string }): LabelReport {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (err) {
    throw new Error(`Cannot read labels from ${o.csvPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const first = records[0]?.record;
  if (first && !('file' in first && 'text' in first))
    throw new Error(`Expected a header "file,text" in ${o.csvPath} but received "${Object.keys(first).join(',')}"`);
  const report: LabelReport = { rows: records.length, fields: 0, corrected: 0, problems: [] };
  for (const { record, info } of records) {
    const problem = (reason: string) => report.problems.push({ line: info.lines, file: record.file, reason });
    if (!record.file) {
      problem('the file is empty');
      continue;
    }
    if (!TEXT.test(record.text)) {
      problem(`expected a text of digits and separators such as 12345-6789 but received "${record.text}"`);
      continue;
    }
    const scan = scanFor(c, record.file, o.csvPath);
    if (!scan) {
      problem('no scan was read from this path (read it first)');
      continue;
    }
    const result = labelScan(c, scan, record.text, o.who);
    if (typeof result === 'string') problem(result);
    else {
      report.fields++;
      report.corrected += result;
    }
  }
  return report;
}
