import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { expandInputs } from '../../main/pipeline/ingest';
import { tempDir } from '../db/helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

it('walks folders for images in a stable order, skipping other and hidden files; keeps named files', async () => {
  const d = tmp.dir;
  mkdirSync(join(d, 'scans', 'b', '.cache'), { recursive: true });
  for (const f of ['scans/z.PNG', 'scans/a.jpg', 'scans/notes.txt', 'scans/.hidden.png', 'scans/b/c.tiff', 'scans/b/.cache/d.png', 'x.pdf']) {
    writeFileSync(join(d, f), 'x');
  }
  const files = await expandInputs([join(d, 'scans'), join(d, 'x.pdf'), join(d, 'scans', 'a.jpg'), join(d, 'missing.png')]);
  expect(files.map((f) => f.path.slice(d.length + 1))).toEqual(['scans/a.jpg', 'scans/b/c.tiff', 'scans/z.PNG', 'x.pdf', 'missing.png']);
  expect(files[1].name).toBe('c.tiff');
});
