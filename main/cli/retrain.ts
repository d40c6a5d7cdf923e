/** `digitread label | retrain | models | activate`: teaching the reader from the operator's corrections. */
import { SingleBar, Presets } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import * as db from '../../db';
import { activateVersion } from '../retrain/activate';
import { RetrainCancelled } from '../retrain/host';
import { applyLabelCsv } from '../retrain/labels';
import type { RetrainProgress } from '../retrain/progress';
import { retrain } from '../retrain/retrain';
import { openExisting } from './existing';

const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : `${(100 * v).toFixed(2)}%`);

export async function labelCommand(o: { csv: string; db: string; json: boolean }): Promise<number> {
  let text: string;
  try {
    text = await readFile(o.csv, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read labels ${o.csv}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const c = openExisting(o.db);
  try {
    const r = await applyLabelCsv(c, text, { csvPath: o.csv, who: userInfo().username || 'operator' });
    if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      for (const p of r.problems) process.stderr.write(`${o.csv}:${p.line}: ${p.file}: ${p.reason}\n`);
      process.stdout.write(
        `${r.fields} of ${r.rows} fields labelled, ${r.corrected} digits corrected, ${r.problems.length} not aligned; ${r.resegmented} segmented again to the label's digit count\n`,
      );
    }
    return r.problems.length > 0 ? 2 : 0;
  } finally {
    c.close();
  }
}

/** A bar over the training batches of each epoch (then the calibration scans), with the held-out accuracy of the epochs done. */
export function retrainBar(): { update(p: RetrainProgress): void; stop(): void } {
  const tty = Boolean(process.stderr.isTTY);
  const bar = new SingleBar(
    { format: '{phase} {epochLabel} |{bar}| loss {loss} | held-out accuracy {accuracy} | ETA {etaText}', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  let lastEpoch = -1;
  let lastPhase = '';
  return {
    update(p) {
      const last = p.history[p.history.length - 1];
      const payload = {
        phase: p.phase,
        epochLabel: p.phase === 'calibrating' ? `${p.batch}/${p.batches}` : `epoch ${p.epoch}/${p.epochs}`,
        loss: Number.isNaN(p.loss) ? '—' : p.loss.toFixed(4),
        accuracy: last ? pct(last.validationAccuracy) : '—',
        etaText: p.etaSeconds === null ? '—' : `${Math.round(p.etaSeconds)} s`,
      };
      if (!tty) {
        if (p.phase !== lastPhase || (p.phase === 'training' && p.batch === 0 && p.epoch !== lastEpoch)) {
          lastEpoch = p.epoch;
          lastPhase = p.phase;
          process.stderr.write(`${payload.phase} ${payload.epochLabel} loss ${payload.loss} held-out accuracy ${payload.accuracy}\n`);
        }
        return;
      }
      if (!started) bar.start(Math.max(1, p.batches), 0, payload);
      started = true;
      if (p.batches > 0) bar.setTotal(p.batches);
      bar.update(p.batches > 0 ? p.batch : bar.getTotal(), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function describeVersion(m: db.ModelRecord): string {
  const x = m.metrics;
  const compared =
    x.parentTestError === undefined
      ? `MNIST test error ${pct(x.testError)}`
      : `MNIST test error ${pct(x.testError)} (parent ${pct(x.parentTestError)}), held-out corrections error ${pct(x.heldOutError)} (parent ${pct(x.parentHeldOutError)})`;
  const data = m.data.trainDigits === undefined ? '' : `, learnt from ${String(m.data.trainDigits)} of the operator's digits and ${String(m.data.replayDigits)} MNIST digits`;
  return `${m.active ? '*' : ' '} ${m.id}  ${m.name}  ${m.parentId === null ? 'shipped/file' : `from ${m.parentId}`}  ${m.createdAt.slice(0, 16)}  ${compared}${data}`;
}

export async function retrainCommand(o: { db: string; activate: boolean; calibrationScans: number; json: boolean }): Promise<number> {
  const c = openExisting(o.db);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.on('SIGINT', onSigint);
  const bar = retrainBar();
  try {
    const t0 = performance.now();
    const r = await retrain(c, { settings: { calibrationScans: o.calibrationScans }, signal: abort.signal, onProgress: (p) => bar.update(p) });
    bar.stop();
    const seconds = (performance.now() - t0) / 1000;
    process.stderr.write(`retrained in ${seconds.toFixed(1)} s: version ${r.model.id} from version ${r.parent.id}\n`);
    const activation = o.activate ? await activateVersion(c, r.model.id) : undefined;
    if (o.json) process.stdout.write(`${JSON.stringify({ model: r.model, parentId: r.parent.id, seconds, activation })}\n`);
    else {
      process.stdout.write(`${describeVersion({ ...r.model, active: activation !== undefined })}\n`);
      if (activation) process.stdout.write(activationLine(activation));
      else process.stdout.write(`not active yet: \`digitread activate ${r.model.id}\` makes it the model that reads\n`);
    }
    return 0;
  } catch (err) {
    bar.stop();
    if (err instanceof RetrainCancelled) {
      process.stderr.write('retrain cancelled; the active model and the versions are as they were\n');
      return 130;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    c.close();
  }
}

function activationLine(a: Awaited<ReturnType<typeof activateVersion>>): string {
  const failed = a.failed.map((f) => `  cannot re-read ${f.path}: ${f.error}\n`).join('');
  return `version ${a.model.id} is active; ${a.rescanned} unconfirmed scans re-read: ${a.fieldsChanged} fields and ${a.digitsChanged} digits read differently\n${failed}`;
}

export function modelsCommand(o: { db: string; json: boolean }): number {
  const c = openExisting(o.db);
  try {
    const models = db.listModels(c);
    process.stdout.write(o.json ? `${JSON.stringify(models)}\n` : `${models.map(describeVersion).join('\n')}\n`);
    return 0;
  } finally {
    c.close();
  }
}

export async function activateCommand(o: { version: string; db: string; json: boolean }): Promise<number> {
  const c = openExisting(o.db);
  try {
    const a = await activateVersion(c, o.version, {
      onScan: (done, total) => process.stderr.isTTY && process.stderr.write(`\rre-reading ${done}/${total} scans`),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(o.json ? `${JSON.stringify(a)}\n` : activationLine(a));
    return a.failed.length > 0 ? 2 : 0;
  } finally {
    c.close();
  }
}
