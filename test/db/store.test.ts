import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acceptField,
  activateModel,
  activeModel,
  correctDigit,
  createBatch,
  exportScans,
  fieldsOfScan,
  findScanByHash,
  finishTrainingRun,
  getBatch,
  getScan,
  labelledCorrections,
  listBatches,
  listModels,
  listScans,
  listTrainingRuns,
  markInterrupted,
  migrate,
  openDatabase,
  pendingFiles,
  replaceFieldDigits,
  reviewQueue,
  saveScan,
  schemaVersion,
  setTrainingProgress,
  startTrainingRun,
  undoLast,
  upsertModel,
  applyLabels,
  type Connection,
} from '../../db';
import { migrations } from '../../db/migrations/index';
import { field, page, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let c: Connection;
let modelId: number;

beforeEach(() => {
  tmp = tempDir();
  c = openDatabase(join(tmp.dir, 'sub', 'digitread.db'));
  modelId = upsertModel(c, { name: 'lenet5-a', file: '/m/a.bin', architecture: 'lenet5', metrics: { testError: 0.01 }, reviewThreshold: 0.9 }).id;
});
afterEach(() => {
  c.close();
  tmp.cleanup();
});

function save(hash: string, pages: ReturnType<typeof page> | null, batchFileId?: number): number {
  return saveScan(c, {
    hash,
    path: `/scans/${hash}.png`,
    name: `${hash}.png`,
    size: 100,
    kind: 'zip',
    modelId,
    reviewThreshold: 0.9,
    result: pages ? { pages } : { error: 'cannot decode' },
    batchFileId,
  });
}

describe('opening', () => {
  it('creates the file, migrates to the latest version, WAL and foreign keys on', () => {
    expect(schemaVersion(c.raw)).toBe(migrations.length);
    expect(c.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = c.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['batch_files', 'batches', 'corrections', 'digits', 'fields', 'models', 'scans', 'training_runs']);
  });

  it('reopens without migrating again and keeps the data', () => {
    save('h1', page(field('12345', 0.99)));
    c.close();
    c = openDatabase(join(tmp.dir, 'sub', 'digitread.db'));
    expect(schemaVersion(c.raw)).toBe(migrations.length);
    expect(findScanByHash(c, 'h1')?.status).toBe('read');
  });

  it('refuses a database from a newer DigitRead', () => {
    c.raw.pragma(`user_version = ${migrations.length + 1}`);
    c.close();
    expect(() => openDatabase(join(tmp.dir, 'sub', 'digitread.db'))).toThrow(/schema version/);
    c = openDatabase(join(tmp.dir, 'other.db'));
  });

  it('loads the native binding from the path it is given (how Electron passes its own build)', () => {
    const require = createRequire(import.meta.url);
    const built = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node');
    const elsewhere = join(tmp.dir, 'electron-abi', 'better_sqlite3.node');
    openDatabase(join(tmp.dir, 'electron-abi', 'x.db')).close(); // makes the folder
    copyFileSync(built, elsewhere);
    const other = openDatabase(join(tmp.dir, 'binding.db'), { nativeBinding: elsewhere });
    expect(schemaVersion(other.raw)).toBe(migrations.length);
    other.close();
    expect(() => openDatabase(join(tmp.dir, 'nope.db'), { nativeBinding: join(tmp.dir, 'missing.node') })).toThrow();
  });

  it('applies each migration in a transaction: a failing one leaves the earlier ones and the version', () => {
    const db = new Database(join(tmp.dir, 'partial.db'));
    const steps = [...migrations, 'CREATE TABLE extra (x); CREATE TABLE batches (y);'];
    expect(() => migrate(db, steps)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'extra'`).pluck().get()).toBe(0);
    migrate(db, [...migrations, 'CREATE TABLE extra (x);']);
    expect(schemaVersion(db)).toBe(migrations.length + 1);
    db.close();
  });
});

describe('scans', () => {
  it('stores a scan once per content hash; saving again replaces its fields', () => {
    const a = save('h1', page(field('12345-6789', 0.95), field('123.45', 0.5, 'cheque')));
    const b = save('h1', page(field('54321', 0.99)));
    expect(b).toBe(a);
    expect(c.raw.prepare('SELECT count(*) FROM scans').pluck().get()).toBe(1);
    const fields = fieldsOfScan(c, a);
    expect(fields.map((f) => f.text)).toEqual(['54321']);
    expect(c.raw.prepare('SELECT count(*) FROM digits').pluck().get()).toBe(5);
  });

  it('round-trips boxes, crops, inputs and probabilities', () => {
    const id = save('h1', page(field('12345-6789', 0.95)));
    const [f] = fieldsOfScan(c, id);
    expect(f.kind).toBe('zip');
    expect(f.box).toEqual([5, 5, 200, 40]);
    expect(f.needsReview).toBe(false);
    expect(f.digits).toHaveLength(9);
    const d = f.digits[5];
    expect(d.label).toBe(6);
    expect(d.box).toEqual([60, 0, 10, 20]);
    expect(d.crop.width * d.crop.height).toBe(d.crop.data.length);
    expect(d.crop.data[0]).toBe(120);
    expect(d.input).toHaveLength(1024);
    expect(d.probabilities).toHaveLength(10);
    expect(d.probabilities[6]).toBeCloseTo(0.95, 6);
    expect(d.modelId).toBe(modelId);
    expect(getScan(c, id)?.pages).toEqual([{ page: 1, width: 400, height: 200 }]);
  });

  it('flags fields under the review threshold', () => {
    const id = save('h1', page(field('11111', 0.95), field('22222', 0.5)));
    expect(fieldsOfScan(c, id).map((f) => f.needsReview)).toEqual([false, true]);
  });

  it('keeps failed scans with their error and no fields', () => {
    const id = save('bad', null);
    expect(getScan(c, id)).toMatchObject({ status: 'failed', error: 'cannot decode' });
    expect(fieldsOfScan(c, id)).toEqual([]);
  });

  it('lists and filters scans by batch, state, confidence and text', () => {
    const batch = createBatch(c, { name: 'b', kind: 'zip', files: [{ path: '/scans/h1.png', name: 'h1.png' }, { path: '/scans/h2.png', name: 'h2.png' }] });
    const [f1, f2] = pendingFiles(c, batch);
    save('h1', page(field('11111', 0.99)), f1.id);
    save('h2', page(field('22222', 0.4)), f2.id);
    save('h3', null);
    expect(listScans(c, { offset: 0, limit: 10 }).total).toBe(3);
    expect(listScans(c, { batchId: batch, offset: 0, limit: 10 }).items.map((s) => s.name)).toEqual(['h1.png', 'h2.png']);
    expect(listScans(c, { state: 'needs-review', offset: 0, limit: 10 }).items.map((s) => s.text)).toEqual(['22222']);
    expect(listScans(c, { state: 'failed', offset: 0, limit: 10 }).items[0]).toMatchObject({ name: 'h3.png', error: 'cannot decode', fieldCount: 0, confidence: null });
    expect(listScans(c, { maxConfidence: 0.5, offset: 0, limit: 10 }).items.map((s) => s.name)).toEqual(['h2.png']);
    expect(listScans(c, { minConfidence: 0.5, offset: 0, limit: 10 }).items.map((s) => s.name)).toEqual(['h1.png']);
    expect(listScans(c, { search: '111', offset: 0, limit: 10 }).items.map((s) => s.name)).toEqual(['h1.png']);
    expect(listScans(c, { search: '%', offset: 0, limit: 10 }).total).toBe(0);
    expect(listScans(c, { offset: 1, limit: 1 })).toMatchObject({ total: 3, items: [{ name: 'h2.png' }] });
    expect(listScans(c, { offset: 5, limit: 1 })).toEqual({ total: 3, items: [] });
  });
});

describe('batches', () => {
  it('tracks pending files, counts and status; a dead owner makes it interrupted', () => {
    const files = ['a', 'b', 'c'].map((n) => ({ path: `/scans/${n}.png`, name: `${n}.png` }));
    const id = createBatch(c, { name: 'first', kind: 'auto', files });
    const pending = pendingFiles(c, id);
    expect(pending.map((f) => f.name)).toEqual(['a.png', 'b.png', 'c.png']);
    save('ha', page(field('12345', 0.5)), pending[0].id);
    save('hb', null, pending[1].id);
    expect(pendingFiles(c, id).map((f) => f.name)).toEqual(['c.png']);
    expect(getBatch(c, id)).toMatchObject({ status: 'running', filesTotal: 3, filesDone: 2, filesFailed: 1, fields: 1, digits: 5, needsReview: 1 });
    expect(markInterrupted(c)).toEqual([]); // this process is alive
    expect(markInterrupted(c, () => false)).toEqual([id]);
    expect(listBatches(c)[0]).toMatchObject({ id, status: 'interrupted' });
  });
});

describe('review', () => {
  it('queues unsure fields least confident first, corrects, accepts and undoes', () => {
    const id = save('h1', page(field('12345-6789', 0.6), field('123.45', 0.3, 'cheque'), field('55555', 0.99)));
    const q = reviewQueue(c, { limit: 10 });
    expect(q.left).toBe(2);
    const fields = fieldsOfScan(c, id);
    expect(q.entries.map((e) => e.fieldId)).toEqual([fields[1].id, fields[0].id]);

    const zip = fields[0];
    expect(correctDigit(c, zip.digits[5].id, 0, 'ann')).toBe(zip.id);
    expect(correctDigit(c, zip.digits[5].id, 8, 'ann')).toBe(zip.id);
    let after = fieldsOfScan(c, id)[0];
    expect(after.text).toBe('12345-8789');
    expect(after.predictedText).toBe('12345-6789');
    expect(after.digits[5]).toMatchObject({ label: 6, correctedLabel: 8 });
    expect(correctDigit(c, 999_999, 1, 'ann')).toBeUndefined();

    expect(acceptField(c, zip.id, 'ann')).toBe(true);
    expect(reviewQueue(c, { limit: 10 }).left).toBe(1);
    expect(listScans(c, { offset: 0, limit: 5 }).items[0].state).toBe('needs-review');
    acceptField(c, fields[1].id, 'bob');
    expect(listScans(c, { offset: 0, limit: 5 }).items[0].state).toBe('reviewed');

    // Undo walks back ann's log: the acceptance, then 8, then 0.
    expect(undoLast(c, 'ann')).toEqual({ kind: 'accept', fieldId: zip.id, digitId: null });
    expect(reviewQueue(c, { limit: 10 }).left).toBe(1);
    expect(undoLast(c, 'ann')).toMatchObject({ kind: 'label', digitId: zip.digits[5].id });
    expect(fieldsOfScan(c, id)[0].text).toBe('12345-0789');
    undoLast(c, 'ann');
    after = fieldsOfScan(c, id)[0];
    expect(after.text).toBe('12345-6789');
    expect(after.digits[5].correctedLabel).toBeNull();
    expect(undoLast(c, 'ann')).toBeUndefined();
    expect(undoLast(c)).toMatchObject({ kind: 'accept', fieldId: fields[1].id });
    expect(c.raw.prepare('SELECT count(*) FROM corrections').pluck().get()).toBe(4); // the log keeps undone entries
  });

  it('keeps corrections as training data when a scan is re-read', () => {
    const id = save('h1', page(field('12345', 0.6)));
    const d = fieldsOfScan(c, id)[0].digits[2];
    correctDigit(c, d.id, 7, 'ann');
    correctDigit(c, d.id, 8, 'ann');
    expect(labelledCorrections(c).map((r) => r.label)).toEqual([8]);
    save('h1', page(field('12345', 0.7)));
    const kept = labelledCorrections(c);
    expect(kept.map((r) => r.label)).toEqual([7, 8]); // the digit is gone; its log stays, unlinked
    expect(kept[0].input).toEqual(new Uint8Array(1024).fill(3));
  });

  it('replaces one field\'s reading in one transaction, keeping the field, the others and the correction log', () => {
    const id = save('h1', [{ page: 1, width: 400, height: 200, fields: [field('12345', 0.6), field('678', 0.95)] }]);
    const [first, second] = fieldsOfScan(c, id);
    correctDigit(c, first.digits[0].id, 7, 'ann');
    const broken = field('4321', 0.2);
    broken.digits[3] = { ...broken.digits[3], label: 12 }; // fails its CHECK after three digits are written
    expect(() => replaceFieldDigits(c, first.id, broken, modelId, 0.9)).toThrow(/CHECK/);
    const kept = fieldsOfScan(c, id)[0];
    expect(kept).toMatchObject({ predictedText: '12345', text: '72345', confidence: 0.6 });
    expect(kept.digits.map((d) => [d.id, d.correctedLabel ?? d.label])).toEqual(first.digits.map((d, i) => [d.id, i === 0 ? 7 : d.label]));
    expect(replaceFieldDigits(c, first.id, field('1234', 0.95), modelId, 0.9)).toBe(true);
    const [now, other] = fieldsOfScan(c, id);
    expect(now).toMatchObject({ id: first.id, text: '1234', predictedText: '1234', confidence: 0.95, needsReview: false });
    expect(now.digits.map((d) => [d.position, d.label, d.correctedLabel])).toEqual([[0, 1, null], [1, 2, null], [2, 3, null], [3, 4, null]]);
    expect(other).toEqual(second);
    expect(labelledCorrections(c).map((r) => r.label)).toEqual([7]); // the old digit's correction stays training data
    expect(replaceFieldDigits(c, 9999, field('1', 0.9), modelId, 0.9)).toBe(false);
  });

  it('exports fields with corrections applied', () => {
    const id = save('h1', page(field('123.45', 0.6, 'cheque')));
    correctDigit(c, fieldsOfScan(c, id)[0].digits[3].id, 9, 'ann');
    save('bad', null);
    const rows = [...exportScans(c)];
    expect(rows).toHaveLength(2);
    expect(rows[0].fields[0]).toMatchObject({ text: '123.95', predictedText: '123.45', needsReview: true, accepted: false });
    expect(rows[0].fields[0].digits[3]).toMatchObject({ label: 9, predicted: 4 });
    expect(rows[1]).toMatchObject({ error: 'cannot decode', fields: [] });
  });

  it('applies labels keeping separators', () => {
    expect(applyLabels('12345-6789', [9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe('98765-4321');
    expect(applyLabels('12.34', [5, 6, 7])).toBe('56.74'); // fewer labels: the rest stays as read
    expect(applyLabels('1', [5, 6])).toBe('56');
  });
});

describe('models and training runs', () => {
  it('keeps one active model and refreshes a re-registered one', () => {
    expect(activeModel(c)).toBeUndefined();
    const b = upsertModel(c, { name: 'lenet5-b', file: '/m/b.bin', architecture: 'lenet5', parentId: modelId, metrics: {}, reviewThreshold: 0.8 });
    activateModel(c, modelId);
    activateModel(c, b.id);
    expect(activeModel(c)).toMatchObject({ id: b.id, parentId: modelId, active: true, reviewThreshold: 0.8 });
    expect(listModels(c).filter((m) => m.active)).toHaveLength(1);
    const again = upsertModel(c, { name: 'lenet5-a', file: '/m/a2.bin', architecture: 'lenet5', metrics: { testError: 0.009 }, reviewThreshold: 0.85 });
    expect(again).toMatchObject({ id: modelId, file: '/m/a2.bin', metrics: { testError: 0.009 } });
    expect(() => activateModel(c, 12345)).toThrow();
    expect(activeModel(c)?.id).toBe(b.id);
    expect(() => c.raw.prepare('UPDATE models SET active = 1').run()).toThrow(/UNIQUE/);
  });

  it('records training runs with settings, progress and metrics', () => {
    const run = startTrainingRun(c, modelId, { epochs: 3 });
    setTrainingProgress(c, run, { epoch: 1, loss: 0.3 });
    const m = upsertModel(c, { name: 'lenet5-c', file: '/m/c.bin', architecture: 'lenet5', parentId: modelId, metrics: {}, reviewThreshold: 0.9 });
    finishTrainingRun(c, run, { status: 'done', modelId: m.id, metrics: { accuracy: 0.99 } });
    expect(listTrainingRuns(c)[0]).toMatchObject({
      parentModelId: modelId,
      modelId: m.id,
      status: 'done',
      settings: { epochs: 3 },
      progress: { epoch: 1, loss: 0.3 },
      metrics: { accuracy: 0.99 },
    });
  });
});
