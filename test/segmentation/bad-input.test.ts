import { crc32 } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScan, ScanError } from '../../main/segmentation';
import { tempDir, unreachableRecognizer } from './helpers';

const opts = { kind: 'auto' as const, recognizer: unreachableRecognizer };

/** A PNG whose header claims `w`×`h` pixels, with a tiny (invalid) body: a decompression bomb's header. */
function pngClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

async function expectScanError(p: Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScanError);
  expect((err as ScanError).file).toBe(file);
  expect((err as ScanError).reason).toMatch(reason);
  expect((err as ScanError).message).toBe(`${file}: ${(err as ScanError).reason}`);
}

describe('readScan on bad or empty input', () => {
  let dir: string;
  let done: () => Promise<void>;
  beforeAll(async () => ({ dir, done } = await tempDir()));
  afterAll(() => done());

  it('rejects an empty file, a text file, a missing file and a truncated JPEG with a ScanError', async () => {
    await expectScanError(readScan({ file: 'empty.png', data: Buffer.alloc(0) }, opts), 'empty.png', /empty file/);
    await expectScanError(readScan({ file: 'notes.txt', data: Buffer.from('not an image at all') }, opts), 'notes.txt', /not a readable image/);
    const missing = join(dir, 'missing.png');
    await expectScanError(readScan({ file: missing }, opts), missing, /cannot read the file \(ENOENT\)/);
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    await expectScanError(readScan({ file: 'cut.jpg', data: jpeg.subarray(0, jpeg.length >> 1) }, opts), 'cut.jpg', /cannot decode|not a readable/);
  });

  it('refuses a decompression bomb from its header, quickly', async () => {
    const started = Date.now();
    await expectScanError(readScan({ file: 'bomb.png', data: pngClaiming(60000, 60000) }, opts), 'bomb.png', /^image too large/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads a 1-pixel image and blank pages as pages with no fields', async () => {
    const one = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await readScan({ file: 'one.png', data: one }, opts)).toEqual([{ page: 1, width: 1, height: 1, fields: [] }]);
    const white = await sharp({ create: { width: 900, height: 400, channels: 3, background: '#f4f4f0' } }).gif().toBuffer();
    for (const kind of ['zip', 'cheque', 'digits', 'auto'] as const) {
      const pages = await readScan({ file: 'white.gif', data: white }, { kind, recognizer: unreachableRecognizer });
      expect(pages).toEqual([{ page: 1, width: 900, height: 400, fields: [] }]);
    }
  });

  it('returns one page per page of a multi-page TIFF read from disk', async () => {
    const w = 300;
    const h = 200;
    const raw = Buffer.alloc(w * h * 3, 250);
    const file = join(dir, 'two.tif');
    await writeFile(file, await sharp(raw, { raw: { width: w, height: h * 3, channels: 1, pageHeight: h } }).tiff().toBuffer());
    const pages = await readScan({ file }, opts);
    expect(pages.map((p) => [p.page, p.width, p.height, p.fields.length])).toEqual([
      [1, 300, 200, 0],
      [2, 300, 200, 0],
      [3, 300, 200, 0],
    ]);
  });

  it('stops when its signal is aborted', async () => {
    const png = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).png().toBuffer();
    await expect(readScan({ file: 'a.png', data: png }, { ...opts, signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });
});
