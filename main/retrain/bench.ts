/**
 * Retraining speed: a retrain with default settings on a store of 200 labelled zip fields (five digits, or
 * nine for one in three), as after an operator corrected and accepted them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as db from '../../db';
import { padTo32 } from '../../engine/data/dataset';
import { loadMnist } from '../../engine/node/mnist';
import { mnistSplitOrder } from '../../engine/node/mnist-split';
import { openModel } from '../pipeline';
import { retrain } from './retrain';
import type { RetrainSettings } from './settings';

export interface LabelledStoreOptions {
  fields: number;
  /** The first `accepted` fields are accepted; the others are left as read (unconfirmed). */
  accepted: number;
  /** Folder the scans' paths point into (no file is written). */
  dir: string;
}

/**
 * A store as an operator leaves it: the shipped model active, and zip fields of real MNIST digits (the
 * validation part, which the shipped model never trained on) stored as read. Every third field has its first
 * digit misread and corrected.
 */
export async function labelledStore(file: string, o: LabelledStoreOptions): Promise<{ c: db.Connection; parent: db.ModelRecord }> {
  const c = db.openDatabase(file);
  const model = await openModel(c);
  model.engine.destroy();
  const mnist = await loadMnist('train');
  const pick = mnistSplitOrder(mnist.count).validation;
  const pixels = padTo32(mnist.pixels, mnist.count);
  let next = 0;
  for (let f = 0; f < o.fields; f++) {
    const idx = Array.from({ length: f % 3 === 2 ? 9 : 5 }, () => pick[next++ % pick.length]);
    const truth = idx.map((n) => mnist.labels[n]);
    const read = truth.map((l, i) => (i === 0 && f % 3 === 0 ? (l + 1) % 10 : l));
    const digits = idx.map((n, i): db.NewDigit => ({
      box: [i * 40, 0, 30, 40],
      crop: { width: 4, height: 4, data: new Uint8Array(16) },
      input: pixels.slice(n * 1024, n * 1024 + 1024),
      probabilities: new Float32Array(10).fill(0.1),
      label: read[i],
      confidence: 0.5,
    }));
    const scanId = db.saveScan(c, {
      hash: `labelled-store-${f}`,
      path: join(o.dir, `scan-${f}.png`),
      name: `scan-${f}.png`,
      size: 1,
      kind: 'zip',
      modelId: model.record.id,
      reviewThreshold: 0.9,
      result: { pages: [{ page: 1, width: 400, height: 200, fields: [{ kind: 'zip', box: [5, 5, 200, 40], text: read.join(''), confidence: 0.5, digits }] }] },
    });
    const field = db.fieldsOfScan(c, scanId)[0];
    if (f % 3 === 0) db.correctDigit(c, field.digits[0].id, truth[0], 'bench');
    if (f < o.accepted) db.acceptField(c, field.id, 'bench');
  }
  return { c, parent: db.activeModel(c)! };
}

export interface RetrainBench {
  /** Median wall time of a whole retrain (data out of the store, training, evaluation, model written). */
  retrain_200_fields_s: number;
  retrain_runs: number;
  retrain_digits: number;
}

export async function benchRetrain(o: { runs?: number; settings?: Partial<RetrainSettings> } = {}): Promise<RetrainBench> {
  const work = mkdtempSync(join(tmpdir(), 'digitread-bench-retrain-'));
  try {
    const { c } = await labelledStore(join(work, 'bench.db'), { fields: 200, accepted: 200, dir: join(work, 'scans') });
    try {
      // No warm-up run: every retrain starts its own worker, engine and data, as the operator's does.
      const seconds: number[] = [];
      for (let r = 0; r < (o.runs ?? 3); r++) {
        const t0 = performance.now();
        await retrain(c, { settings: o.settings });
        seconds.push((performance.now() - t0) / 1000);
      }
      const mid = seconds.sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
      return { retrain_200_fields_s: Math.round(mid * 10) / 10, retrain_runs: seconds.length, retrain_digits: db.labelledDigits(c).length };
    } finally {
      c.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
