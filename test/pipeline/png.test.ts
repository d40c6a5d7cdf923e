import sharp from 'sharp';
import { expect, it } from 'vitest';
import { greyPng, greyPngDataUrl } from '../../main/api/png';

it('encodes grey PNGs that sharp decodes to the same pixels', async () => {
  const w = 7;
  const h = 5;
  const grey = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 256);
  const png = greyPng(w, h, grey);
  const meta = await sharp(png).metadata();
  expect([meta.width, meta.height, meta.channels, meta.format]).toEqual([w, h, 1, 'png']);
  const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  expect(new Uint8Array(data)).toEqual(grey);
  expect(greyPngDataUrl(1, 1, new Uint8Array([0]))).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  expect(() => greyPng(2, 2, new Uint8Array(3))).toThrow(/Expected 4 grey bytes/);
});
