/**
 * npx tsx test/bench/pipeline-memory.ts [--scans 10000]: reads that many distinct zip scans into a fresh database
 * with the shipped model and prints, as JSON, the process's memory (workers included, being its threads) after
 * 1k, 5k and 10k scans: it must level off, not grow with the batch.
 *
 * The scans: 500 synthetic zip forms at 150 dpi (npm run synth), each copied with its index written as a
 * faint code in the top-left corner, so every file has its own content (scans are stored once per content hash)
 * and needs the same reading work as its original. They are made once, in a child process, and kept in the
 * temp folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import sharp from 'sharp';
import { positiveInt } from '../../engine/node/cli-options';
import { createBatch, getBatch, openDatabase } from '../../db';
import { batchingRecognizer, expandInputs, openModel, runBatch } from '../../main/pipeline';

const BASE = 500;
const CODE_BITS = 16;

const o = new Command('pipeline-memory')
  .option('--scans <n>', 'scans to read', positiveInt('--scans'), 10_000)
  .option('--make-corpus <dir>', '(internal) write the scans into dir and exit')
  .parse()
  .opts<{ scans: number; makeCorpus?: string }>();

const here = fileURLToPath(import.meta.url);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const baseDir = join(tmpdir(), 'digitread-bench', `zip-${BASE}-150dpi-seed11`);

/** Copy i of base scan i % BASE, with i as 16 grey dots (ink 0 or 8 levels of grey) in the top-left corner. */
async function makeCorpus(out: string, count: number): Promise<void> {
  mkdirSync(out, { recursive: true });
  const bases = readdirSync(baseDir).filter((f) => f.endsWith('.jpg')).sort();
  for (let i = 0; i < count; i++) {
    const file = join(out, `zip-${String(i).padStart(5, '0')}.jpg`);
    if (existsSync(file)) continue;
    const { data, info } = await sharp(join(baseDir, bases[i % bases.length])).raw().toBuffer({ resolveWithObject: true });
    for (let b = 0; b < CODE_BITS; b++) {
      const v = (i >> b) & 1 ? 232 : 248;
      for (let ch = 0; ch < info.channels; ch++) data[(2 * info.width + 2 + 2 * b) * info.channels + ch] = v;
    }
    await sharp(data, { raw: info }).jpeg({ quality: 92 }).withMetadata({ density: 150 }).toFile(file);
    if ((i + 1) % 500 === 0) process.stderr.write(`\r${i + 1}/${count} scans`);
  }
  process.stderr.write('\n');
}

if (o.makeCorpus) {
  await makeCorpus(o.makeCorpus, o.scans);
  process.exit(0);
}

const dir = join(tmpdir(), 'digitread-bench', `zip-${o.scans}-distinct`);
const child = (args: string[]) => {
  const r = spawnSync('nice', ['-n', '10', process.execPath, tsx, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`Cannot make the scans: ${args.join(' ')} exited with ${r.status}`);
};
if (!existsSync(baseDir) || readdirSync(baseDir).filter((f) => f.endsWith('.jpg')).length < BASE) {
  const synth = fileURLToPath(new URL('../../main/synth/cli.ts', import.meta.url));
  child([synth, '--out', baseDir, '--kind', 'zip', '--count', String(BASE), '--seed', '11', '--dpi', '150', '--format', 'jpeg']);
}
if (!existsSync(dir) || readdirSync(dir).length < o.scans) child([here, '--scans', String(o.scans), '--make-corpus', dir]);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const work = mkdtempSync(join(tmpdir(), 'digitread-memory-'));
const c = openDatabase(join(work, 'memory.db'));
const model = await openModel(c);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const marks = new Set([100, 1000, 2000, 5000, 7500, 10_000, o.scans]);
const at: Record<string, { rss_mb: number; peak_rss_mb: number; heap_mb: number; external_mb: number; elapsed_s: number }> = {};
try {
  const files = await expandInputs([dir]);
  const batchId = createBatch(c, { name: 'memory', kind: 'zip', files: files.slice(0, o.scans) });
  const started = performance.now();
  await runBatch(c, batchId, {
    kind: 'zip',
    recognizer: batchingRecognizer(model.engine),
    modelId: model.record.id,
    reviewThreshold: model.record.reviewThreshold,
    onEvent: (e) => {
      if (e.type !== 'progress' || !marks.has(e.filesDone)) return;
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      at[e.filesDone] = { rss_mb: mb(m.rss), peak_rss_mb: mb(peak), heap_mb: mb(m.heapUsed), external_mb: mb(m.external + m.arrayBuffers), elapsed_s: Math.round((performance.now() - started) / 1000) };
      process.stderr.write(`${e.filesDone} scans: ${JSON.stringify(at[e.filesDone])}\n`);
    },
  });
  const b = getBatch(c, batchId)!;
  console.log(JSON.stringify({ scans: b.filesDone, failed: b.filesFailed, digits: b.digits, peak_rss_mb: mb(peak), at }));
} finally {
  clearInterval(sampler);
  model.engine.destroy();
  c.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
