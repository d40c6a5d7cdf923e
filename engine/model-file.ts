/**
 * DigitRead's model container, used for models and for training checkpoints alike:
 *
 *   "DRMODEL\0"  8 bytes magic
 *   u32 LE       format version
 *   u32 LE       header length H
 *   H bytes      header, UTF-8 JSON: kind, architecture, tensors [{name, length}], and free metadata
 *   float32 LE   each tensor in header order
 *   32 bytes     SHA-256 of everything before it
 *
 * Reading checks each of these and fails with a message naming the file and what is wrong.
 */
import { architecture, ARCHITECTURES, type ArchitectureName } from './architecture';

const MAGIC = 'DRMODEL\0';
export const FORMAT_VERSION = 1;

export interface ContainerHeader {
  kind: 'model' | 'checkpoint';
  architecture: ArchitectureName;
  tensors: { name: string; length: number }[];
  [key: string]: unknown;
}

export interface Container<H extends ContainerHeader = ContainerHeader> {
  header: H;
  tensors: Record<string, Float32Array>;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export async function encodeContainer(header: Omit<ContainerHeader, 'tensors'>, tensors: Record<string, Float32Array>): Promise<Uint8Array> {
  const list = Object.entries(tensors).map(([name, t]) => ({ name, length: t.length }));
  const json = new TextEncoder().encode(JSON.stringify({ ...header, tensors: list }));
  const dataBytes = list.reduce((a, t) => a + 4 * t.length, 0);
  const out = new Uint8Array(16 + json.length + dataBytes + 32);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  out.set(json, 16);
  let at = 16 + json.length;
  for (const t of Object.values(tensors)) {
    for (let i = 0; i < t.length; i++) view.setFloat32(at + 4 * i, t[i], true);
    at += 4 * t.length;
  }
  out.set(await sha256(out.subarray(0, at)), at);
  return out;
}

export async function decodeContainer(bytes: Uint8Array, name: string): Promise<Container> {
  const fail = (reason: string): never => {
    throw new Error(`Cannot load model ${name}: ${reason}`);
  };
  if (bytes.length < 16 + 32) fail(`expected at least 48 bytes but the file has ${bytes.length}`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail('it is not a DigitRead model file (wrong magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) fail(`expected format version ${FORMAT_VERSION} but the file has version ${version}`);
  const headerLength = view.getUint32(12, true);
  if (16 + headerLength + 32 > bytes.length) fail(`the file is truncated (header of ${headerLength} bytes does not fit in ${bytes.length})`);
  let header: ContainerHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + headerLength))) as ContainerHeader;
  } catch (e) {
    return fail(`its header is not valid JSON (${(e as Error).message})`);
  }
  if (header.kind !== 'model' && header.kind !== 'checkpoint') fail(`expected kind "model" or "checkpoint" but received ${JSON.stringify(header.kind)}`);
  if (!ARCHITECTURES.includes(header.architecture)) fail(`expected an architecture of ${ARCHITECTURES.join(', ')} but received ${JSON.stringify(header.architecture)}`);
  if (!Array.isArray(header.tensors) || header.tensors.some((t) => typeof t?.name !== 'string' || !Number.isInteger(t.length) || t.length < 0))
    fail('its tensor list is malformed');
  const dataBytes = header.tensors.reduce((a, t) => a + 4 * t.length, 0);
  const expected = 16 + headerLength + dataBytes + 32;
  if (bytes.length < expected) fail(`the file is truncated: expected ${expected} bytes but it has ${bytes.length}`);
  if (bytes.length > expected) fail(`expected ${expected} bytes but the file has ${bytes.length} (trailing data)`);
  const digest = await sha256(bytes.subarray(0, expected - 32));
  const stored = bytes.subarray(expected - 32);
  if (digest.some((b, i) => b !== stored[i])) fail('its checksum does not match: the file is corrupt');
  const tensors: Record<string, Float32Array> = {};
  let at = 16 + headerLength;
  for (const t of header.tensors) {
    const data = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) data[i] = view.getFloat32(at + 4 * i, true);
    tensors[t.name] = data;
    at += 4 * t.length;
  }
  return { header, tensors };
}

/** What a model file says about itself, beyond its weights. */
export interface ModelHeader extends ContainerHeader {
  kind: 'model';
  parameterCount: number;
  normalization: { input: string; background: number; ink: number };
  /**
   * Field confidence under which a field goes to review, chosen on validation scans so that accepted fields are
   * wrong at most 0.5% of the time (`digitread calibrate`; training writes a digit-level first guess).
   */
  reviewThreshold: number;
  provenance: Record<string, unknown>;
  metrics: Record<string, number>;
}

export interface Model {
  header: ModelHeader;
  theta: Float32Array;
  /**
   * A committee's other members: weights of the same architecture, whose mean with `theta` reads where a
   * caller asks for the committee (`ClassifyOptions`). Empty for a model that reads alone.
   */
  seconds: Float32Array[];
}

/** A model as read from a file; its id is the start of the file's SHA-256, so it names exactly these bytes. */
export interface LoadedModel extends Model {
  id: string;
}

export const NORMALIZATION = {
  input: '32×32: digit fitted in 20×20 keeping aspect ratio, centred by centre of mass in 28×28, padded by 2',
  background: -0.1,
  ink: 1.175,
} as const;

/** The tensor name of a committee's (k + 1)th member: theta is the first. */
const secondName = (k: number) => `second.${k + 1}`;

export async function encodeModel(m: Model): Promise<Uint8Array> {
  const { tensors: _omit, ...header } = m.header;
  return encodeContainer(header, { theta: m.theta, ...Object.fromEntries(m.seconds.map((t, k) => [secondName(k), t])) });
}

export async function decodeModel(bytes: Uint8Array, name: string): Promise<LoadedModel> {
  const c = await decodeContainer(bytes, name);
  if (c.header.kind !== 'model') throw new Error(`Cannot load model ${name}: it is a ${c.header.kind}, not a model`);
  const size = architecture(c.header.architecture).size;
  const weights = (tensor: string) => {
    const t = c.tensors[tensor];
    if (!t || t.length !== size) throw new Error(`Cannot load model ${name}: expected ${size} parameters for ${c.header.architecture} in ${tensor} but it has ${t?.length ?? 0}`);
    return t;
  };
  const theta = weights('theta');
  const seconds = c.header.tensors.filter((t) => t.name !== 'theta').map((t, k) => {
    if (t.name !== secondName(k)) throw new Error(`Cannot load model ${name}: expected tensor ${secondName(k)} but it has ${JSON.stringify(t.name)}`);
    return weights(t.name);
  });
  const id = Array.from(bytes.subarray(bytes.length - 32, bytes.length - 26), (b) => b.toString(16).padStart(2, '0')).join('');
  return { header: c.header as ModelHeader, theta, seconds, id: `${c.header.architecture}-${id}` };
}
