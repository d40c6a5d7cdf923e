import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit greyscale PNG, encoded synchronously: crops and feature maps are tiny, sharp's round trip is not. */
export function greyPng(width: number, height: number, grey: Uint8Array): Buffer {
  if (grey.length !== width * height) {
    throw new Error(`Expected ${width * height} grey bytes for a ${width}×${height} PNG but received ${grey.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height); // each row: filter byte 0, then the pixels
  for (let y = 0; y < height; y++) raw.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function greyPngDataUrl(width: number, height: number, grey: Uint8Array): string {
  return `data:image/png;base64,${greyPng(width, height, grey).toString('base64')}`;
}

/** Ink darkness (0 = paper) to a picture (255 = paper). */
export function inkToPicture(ink: Uint8Array): Uint8Array {
  return ink.map((v) => 255 - v);
}
