import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecognizer, type LoadedRecognizer } from '../../engine/node/load';
import type { Recognizer } from '../../engine/recognizer';
import { batchingRecognizer } from '../../main/pipeline';
import { SegmentPoolError, startSegmentPool, type SegmentPool } from '../../main/pipeline/segment-pool';
import { readScan } from '../../main/segmentation';
import { tempDir } from '../db/helpers';
import { corruptImage, scanFolder, TEST_MODEL } from './fixtures';

let tmp: ReturnType<typeof tempDir>;
let images: string[];
let engine: LoadedRecognizer;
let pool: SegmentPool;
let asked = 0;
/** Whether each classify call asked for the committee: zip fields do, amounts do not. */
const committees = new Set<boolean>();

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(join(tmp.dir, 'scans'), { zip: 3, cheque: 2, seed: 5 });
  engine = await loadRecognizer({ modelPath: TEST_MODEL });
  const counting: Recognizer = {
    classify: (inputs, o) => {
      asked += inputs.length;
      committees.add(o?.committee ?? false);
      return engine.classify(inputs, o);
    },
  };
  pool = startSegmentPool({ recognizer: batchingRecognizer(counting), workers: 2 });
});
afterAll(async () => {
  await pool?.close();
  engine?.destroy();
  tmp?.cleanup();
});

describe('segmentation workers', () => {
  it('read scans as this thread does, all at once, asking this thread to classify', async () => {
    const inWorkers = await Promise.all(images.map((f) => pool.read(f, readFileSync(f), 'auto')));
    expect(asked).toBeGreaterThan(0);
    expect([...committees].sort()).toEqual([false, true]);
    for (const [i, f] of images.entries()) {
      const here = await readScan({ file: f }, { kind: 'auto', recognizer: engine });
      expect(inWorkers[i]).toEqual(here);
    }
    expect(inWorkers.flatMap((p) => p.flatMap((page) => page.fields)).length).toBeGreaterThan(0);
  });

  it('give the reason a file cannot be read, and go on with the next', async () => {
    const bad = corruptImage(join(tmp.dir, 'broken.png'));
    await expect(pool.read(bad, readFileSync(bad), 'auto')).rejects.toThrow(/./);
    const err = await pool.read(bad, readFileSync(bad), 'auto').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain(bad); // the reason only; the pipeline stores it against the file
    expect(await pool.read(images[0], readFileSync(images[0]), 'auto')).toHaveLength(1);
  });

  it('stop a read when cancelled', async () => {
    const controller = new AbortController();
    const reading = pool.read(images[3], readFileSync(images[3]), 'cheque', controller.signal);
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await expect(pool.read(images[3], readFileSync(images[3]), 'cheque', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(await pool.read(images[4], readFileSync(images[4]), 'cheque')).toHaveLength(1);
  });
});

describe('segmentation workers that cannot start', () => {
  it('fail every read with one error, without respawning in a loop', async () => {
    const broken = startSegmentPool({ recognizer: engine, workers: 2, entry: new URL('file:///nonexistent/segment-worker.js') });
    try {
      const f = images[0];
      const first = await broken.read(f, readFileSync(f), 'zip').catch((e: Error) => e);
      expect(first).toBeInstanceOf(SegmentPoolError);
      expect((first as Error).message).toMatch(/cannot run.*nonexistent/i);
      await expect(broken.read(f, readFileSync(f), 'zip')).rejects.toBeInstanceOf(SegmentPoolError);
    } finally {
      await broken.close();
    }
  });
});
