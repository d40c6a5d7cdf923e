/** IDX files (the MNIST container format): big-endian header, magic 0x00000803 images / 0x00000801 labels. */

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = background, 255 = ink. */
  pixels: Uint8Array;
}

const IMAGE_MAGIC = 0x00000803;
const LABEL_MAGIC = 0x00000801;

function fail(name: string, reason: string): never {
  throw new Error(`Invalid IDX file ${name}: ${reason}`);
}

function header(bytes: Uint8Array, name: string, magic: number, dims: number): number[] {
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) fail(name, `expected at least ${headerBytes} bytes but received ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) fail(name, `expected magic 0x${magic.toString(16).padStart(8, '0')} but received 0x${found.toString(16).padStart(8, '0')}`);
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = headerBytes + sizes.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) fail(name, `expected ${expected} bytes for sizes ${sizes.join('×')} but received ${bytes.length}`);
  return sizes;
}

export function parseIdxImages(bytes: Uint8Array, name = 'images'): IdxImages {
  const [count, rows, cols] = header(bytes, name, IMAGE_MAGIC, 3);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Labels 0..maxLabel: MNIST's are digits; a segmentation training set also has NOT_A_DIGIT (10). */
export function parseIdxLabels(bytes: Uint8Array, name = 'labels', maxLabel = 9): Uint8Array {
  const [count] = header(bytes, name, LABEL_MAGIC, 1);
  const labels = bytes.subarray(8);
  for (let i = 0; i < count; i++) if (labels[i] > maxLabel) fail(name, `expected labels 0-${maxLabel} but label ${i} is ${labels[i]}`);
  return labels;
}

function withHeader(magic: number, sizes: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * sizes.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  sizes.forEach((n, i) => view.setUint32(4 + 4 * i, n));
  out.set(body, 4 + 4 * sizes.length);
  return out;
}

export function formatIdxImages(images: IdxImages): Uint8Array {
  return withHeader(IMAGE_MAGIC, [images.count, images.rows, images.cols], images.pixels.subarray(0, images.count * images.rows * images.cols));
}

export function formatIdxLabels(labels: Uint8Array): Uint8Array {
  return withHeader(LABEL_MAGIC, [labels.length], labels);
}
