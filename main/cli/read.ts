import { MultiBar, Presets } from 'cli-progress';
import * as db from '../../db';
import { batchingRecognizer, expandInputs, openModel, runBatch, scanJson, type ScanJson } from '../pipeline';

export interface ReadCommand {
  inputs: string[];
  kind: db.BatchKind;
  db: string;
  model?: string;
  json: boolean;
  concurrency?: number;
  workers?: number;
}

/** Exit codes: 0 all files read, 2 some could not be read, 130 interrupted (Ctrl-C). */
export async function readCommand(o: ReadCommand): Promise<number> {
  const files = await expandInputs(o.inputs);
  if (files.length === 0) throw new Error(`Expected image files or folders holding some for FILES_OR_FOLDERS but received ${o.inputs.join(' ')}`);
  const c = db.openDatabase(o.db);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  let model: Awaited<ReturnType<typeof openModel>> | undefined;
  const bar = process.stderr.isTTY
    ? new MultiBar(
        { format: 'reading |{bar}| {value}/{total} scans | {digits} digits | {failed} failed | ETA {eta_formatted}', hideCursor: true, fps: 5 },
        Presets.shades_classic,
      )
    : undefined;
  const progress = bar?.create(files.length, 0, { digits: 0, failed: 0 });
  // Lines go above the bar when both share a terminal; straight to stdout when it is piped.
  const out = (line: string) => (bar && process.stdout.isTTY ? bar.log(`${line}\n`) : process.stdout.write(`${line}\n`));
  try {
    model = await openModel(c, o.model);
    db.markInterrupted(c);
    const batchId = db.createBatch(c, { name: `digitread read ${o.inputs.join(' ')}`.slice(0, 200), kind: o.kind, files });
    let failed = 0;
    let review = 0;
    const status = await runBatch(c, batchId, {
      kind: o.kind,
      recognizer: batchingRecognizer(model.engine),
      modelId: model.record.id,
      reviewThreshold: model.record.reviewThreshold,
      signal: controller.signal,
      concurrency: o.concurrency,
      workers: o.workers,
      onEvent: (e) => {
        if (e.type === 'progress') progress?.update(e.filesDone, { digits: e.digits, failed: e.filesFailed });
        if (e.type !== 'file') return;
        const s = e.scanId === null ? undefined : db.exportScan(c, e.scanId);
        const line: ScanJson = s ? scanJson(s, e.file) : { file: e.file, error: e.error, fields: [] };
        if (line.error !== null) failed++;
        review += line.fields.filter((f) => f.needsReview).length;
        if (o.json) out(JSON.stringify(line));
        else out(line.error !== null ? `${e.file}\terror: ${line.error}` : `${e.file}\t${describe(line)}`);
      },
    });
    bar?.stop();
    const b = db.getBatch(c, batchId)!;
    process.stderr.write(
      `batch ${batchId}: ${b.filesDone}/${b.filesTotal} files, ${failed} failed, ${b.digits} digits, ${review} fields to review` +
        `${status === 'cancelled' ? ' (interrupted; run again to finish)' : ''} → ${o.db}\n`,
    );
    return status === 'cancelled' ? 130 : failed > 0 ? 2 : 0;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    model?.engine.destroy();
    c.close();
  }
}

function describe(s: ScanJson): string {
  if (s.fields.length === 0) return '(no fields found)';
  return s.fields.map((f) => `${f.text} (${f.confidence.toFixed(3)}${f.needsReview ? ', review' : ''})`).join('  ');
}
