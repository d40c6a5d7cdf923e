/**
 * Known values as corrections: a CSV of `file,text` (a scan's path as it was read, its field's true text)
 * from keyed data. Each label is aligned digit by digit with the field as segmented. A field segmented into
 * another number of digits than the label has is read again from its file, with the active model, forced to
 * the label's count; a label that still does not align is reported, never guessed.
 */
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as db from '../../db';
import { contentHash, openModel, type PipelineModel } from '../pipeline';
import { errorText } from '../pipeline/segment-protocol';
import { readScan, type ReadPage } from '../segmentation';

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
  /** Fields of the labelled ones that were read again with the label's digit count to align. */
  resegmented: number;
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

/** The active model, loaded the first time a field has to be read again. */
type ModelOnce = () => Promise<PipelineModel>;

/**
 * Reads the field again from its scan's file with exactly `count` digits and stores that reading in place of
 * the old one. Returns why it cannot, or undefined once replaced.
 */
async function resegment(c: db.Connection, scan: db.ScanRecord, field: db.FieldRecord, count: number, model: ModelOnce): Promise<string | undefined> {
  let data: Buffer;
  try {
    data = await readFile(scan.path);
  } catch (err) {
    return `its file cannot be read again (${(err as NodeJS.ErrnoException).code ?? errorText(err)})`;
  }
  if (contentHash(data) !== scan.hash) return 'its file has changed since it was read';
  const { engine, record } = await model();
  let pages: ReadPage[];
  try {
    pages = await readScan({ file: scan.path, data }, { kind: scan.kind as db.BatchKind, recognizer: engine, digits: count });
  } catch (err) {
    return `reading it again failed (${errorText(err)})`;
  }
  const read = pages.find((p) => p.page === field.page)?.fields[field.position];
  if (!read) return 'reading it again found no field';
  if (read.digits.length !== count) return `read again for ${count} digits, it still has ${read.digits.length}`;
  db.replaceFieldDigits(c, field.id, read, record.id, record.reviewThreshold);
  return undefined;
}

/** Applies one label to its scan's field; returns the digits corrected and whether it was read again, or why it cannot. */
async function labelScan(
  c: db.Connection,
  scan: db.ScanRecord,
  text: string,
  who: string,
  model: ModelOnce,
): Promise<{ corrected: number; resegmented: boolean } | string> {
  if (scan.status === 'failed') return `the scan could not be read (${scan.error ?? 'unknown error'})`;
  const fields = db.fieldsOfScan(c, scan.id);
  if (fields.length === 0) return 'no field was found on the scan';
  if (fields.length > 1) return `the scan has ${fields.length} fields and a row labels one`;
  let field = fields[0];
  const truth = [...text.replace(/[^0-9]/g, '')].map(Number);
  const resegmented = field.digits.length !== truth.length;
  if (resegmented) {
    const cannot = await resegment(c, scan, field, truth.length, model);
    if (cannot !== undefined)
      return `the field was segmented into ${field.digits.length} digits but the label has ${truth.length}; not aligned: ${cannot}`;
    field = db.getField(c, field.id)!;
  }
  let corrected = 0;
  field.digits.forEach((d, i) => {
    if ((d.correctedLabel ?? d.label) === truth[i]) return;
    db.correctDigit(c, d.id, truth[i], who);
    corrected++;
  });
  if (field.acceptedAt === null) db.acceptField(c, field.id, who);
  return { corrected, resegmented };
}

export async function applyLabelCsv(c: db.Connection, csv: string, o: { csvPath: string; who: string }): Promise<LabelReport> {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (err) {
    throw new Error(`Cannot read labels from ${o.csvPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const first = records[0]?.record;
  if (first && !('file' in first && 'text' in first))
    throw new Error(`Expected a header "file,text" in ${o.csvPath} but received "${Object.keys(first).join(',')}"`);
  const report: LabelReport = { rows: records.length, fields: 0, corrected: 0, resegmented: 0, problems: [] };
  let loading: Promise<PipelineModel> | undefined;
  const model = () => (loading ??= openModel(c));
  try {
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
      const result = await labelScan(c, scan, record.text, o.who, model);
      if (typeof result === 'string') problem(result);
      else {
        report.fields++;
        report.corrected += result.corrected;
        if (result.resegmented) report.resegmented++;
      }
    }
  } finally {
    if (loading) (await loading.catch(() => undefined))?.engine.destroy();
  }
  return report;
}
