import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../engine/node/mnist';
import { inkBounds, normalizeDigit } from '../../main/segmentation/normalize';

function centreOfMass(img: Uint8Array, side: number): [number, number] {
  let m = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < img.length; i++) {
    m += img[i];
    x += img[i] * ((i % side) + 0.5);
    y += img[i] * (Math.floor(i / side) + 0.5);
  }
  return [x / m, y / m];
}

describe('normalizeDigit', () => {
  it('fits the ink into 20×20 keeping the aspect ratio and centres its mass in the 28×28 field', () => {
    const crop = { width: 30, height: 80, data: new Uint8Array(30 * 80) };
    for (let y = 0; y < 80; y++) for (let x = 5; x < 25; x++) crop.data[y * 30 + x] = 255;
    const out = normalizeDigit(crop);
    expect(out.length).toBe(1024);
    const [, , w, h] = inkBounds({ width: 32, height: 32, data: out })!;
    expect(h).toBe(20);
    expect(w).toBe(5);
    // Pixel (14, 14) of the 28×28 field, as in MNIST, is (16, 16) once padded: its centre is 16.5.
    const [cx, cy] = centreOfMass(out, 32);
    expect(Math.abs(cx - 16.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 16.5)).toBeLessThanOrEqual(0.5);
  });

  it('anti-aliases edges when the scale is not whole', () => {
    const crop = { width: 33, height: 33, data: new Uint8Array(33 * 33) };
    for (let y = 0; y < 33; y++) for (let x = 0; x < 33; x++) if ((x - 16) ** 2 + (y - 16) ** 2 <= 256) crop.data[y * 33 + x] = 255;
    const out = normalizeDigit(crop);
    const greys = [...out].filter((v) => v > 0 && v < 255).length;
    expect(greys).toBeGreaterThan(10);
  });

  it('gives back MNIST digits when fed their own ink, enlarged as a scan would have it', async () => {
    const mnist = await loadMnist('test');
    let total = 0;
    for (let n = 0; n < 50; n++) {
      // Each MNIST digit enlarged 4× (nearest), then normalized: should land where MNIST put it.
      const big = { width: 112, height: 112, data: new Uint8Array(112 * 112) };
      for (let y = 0; y < 112; y++) for (let x = 0; x < 112; x++) big.data[y * 112 + x] = mnist.pixels[n * 784 + (y >> 2) * 28 + (x >> 2)];
      const out = normalizeDigit(big);
      const ref = new Uint8Array(1024);
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) ref[(y + 2) * 32 + x + 2] = mnist.pixels[n * 784 + y * 28 + x];
      total += correlation(out, ref);
    }
    expect(total / 50).toBeGreaterThan(0.97);
  });

  it('returns an empty input for an empty crop', () => {
    expect(normalizeDigit({ width: 4, height: 4, data: new Uint8Array(16) }).every((v) => v === 0)).toBe(true);
  });
});

function correlation(a: Uint8Array, b: Uint8Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
