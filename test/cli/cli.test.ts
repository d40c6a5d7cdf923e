import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanJson } from '../../main/pipeline/export';
import { tempDir } from '../db/helpers';
import { corruptImage, scanFolder, truthTexts, TEST_MODEL } from '../pipeline/fixtures';
import { run } from './run-cli';

let tmp: ReturnType<typeof tempDir>;
let images: string[];
let dbFile: string;

beforeAll(async () => {
  tmp = tempDir();
  images = await scanFolder(join(tmp.dir, 'scans'), { zip: 2, cheque: 1, seed: 21 });
  corruptImage(join(tmp.dir, 'scans', 'broken.jpg'));
  dbFile = join(tmp.dir, 'db', 'digitread.db');
});
afterAll(() => tmp?.cleanup());

describe('digitread', () => {
  it('has --help for each command', async () => {
    for (const cmd of [[], ['read'], ['export'], ['stats']]) {
      const r = await run([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: digitread/);
    }
    expect((await run(['read', '--help'])).stdout).toMatch(/--kind <kind>[\s\S]*--db <file>[\s\S]*--model <file>[\s\S]*--json/);
  });

  it('refuses bad flags with a message', async () => {
    const r = await run(['read', 'x.png', '--kind', 'invoice']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invoice.*not one of the allowed choices|Allowed choices/);
    const missing = await run(['stats', '--db', join(tmp.dir, 'nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^digitread: Expected a DigitRead database for --db/);
  });

  it('reads files and folders, writing one JSON line per input file', async () => {
    const r = await run(['read', join(tmp.dir, 'scans'), '--db', dbFile, '--json', ...(TEST_MODEL ? ['--model', TEST_MODEL] : [])]);
    expect(r.code).toBe(2); // one file could not be read
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as ScanJson);
    expect(lines.map((l) => l.file).sort()).toEqual([...images, join(tmp.dir, 'scans', 'broken.jpg')].sort());
    const broken = lines.find((l) => l.file.endsWith('broken.jpg'))!;
    expect(broken).toEqual({ file: broken.file, error: expect.stringMatching(/not a readable image/), fields: [] });
    for (const line of lines.filter((l) => l.error === null)) {
      expect(line.fields.length).toBeGreaterThan(0);
      for (const f of line.fields) {
        expect(Object.keys(f).sort()).toEqual(['accepted', 'box', 'confidence', 'digits', 'kind', 'needsReview', 'text']);
        expect(f.box).toHaveLength(4);
        expect(f.digits[0]).toEqual({ label: expect.any(Number), confidence: expect.any(Number), box: [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)] });
      }
    }
    const zip = lines.find((l) => l.file === images[0])!;
    expect(zip.fields[0].kind).toBe('zip');
    expect(truthTexts(images[0]).length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/4\/4 files, 1 failed/);
  });

  it('exports and shows stats; reading again adds nothing', async () => {
    const again = await run(['read', ...images, '--db', dbFile, '--json', ...(TEST_MODEL ? ['--model', TEST_MODEL] : [])]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toHaveLength(3);

    const stats = await run(['stats', '--db', dbFile, '--json']);
    const s = JSON.parse(stats.stdout) as { scans: { read: number; failed: number }; batches: Record<string, number>; activeModel: string };
    expect(s.scans).toEqual({ read: 3, failed: 1 });
    expect(s.batches).toEqual({ done: 2 });
    expect(s.activeModel).toBeTruthy();
    expect((await run(['stats', '--db', dbFile])).stdout).toMatch(/scans +3 read, 1 failed/);

    const csv = await run(['export', '--db', dbFile]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('file,page,field,kind,text,predicted_text,confidence,needs_review,accepted,error');
    const out = join(tmp.dir, 'out.json');
    expect((await run(['export', '--db', dbFile, '--format', 'json', '--batch', '2', '--out', out])).code).toBe(0);
    expect(existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length).toBe(3);
    expect((await run(['export', '--db', dbFile, '--batch', '99'])).stderr).toMatch(/Expected an existing batch id for --batch but received 99/);
  });
});
