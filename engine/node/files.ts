import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeContainer, decodeModel, encodeContainer, encodeModel, type LoadedModel, type Model } from '../model-file';
import type { Checkpoint } from '../trainer';

/** The model shipped with DigitRead (committed, < 1 MB). */
export const SHIPPED_MODEL_PATH = fileURLToPath(new URL('../models/lenet5.bin', import.meta.url));

/** Write to a temporary name, then rename: a crash never leaves a half-written file under the real name. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** A model file's bytes, with an error that names the file. */
export async function readModelBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(`Cannot load model ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export async function readModel(path: string): Promise<LoadedModel> {
  return decodeModel(await readModelBytes(path), basename(path));
}

export async function writeModel(path: string, model: Model): Promise<void> {
  await writeFileAtomic(path, await encodeModel(model));
}

export async function writeCheckpoint(path: string, c: Checkpoint): Promise<void> {
  const tensors: Record<string, Float32Array> = { state: c.state };
  if (c.best) tensors.best = c.best.theta;
  const header = {
    kind: 'checkpoint' as const,
    architecture: c.settings.architecture,
    settings: c.settings,
    epoch: c.epoch,
    step: c.step,
    history: c.history,
    best: c.best ? { epoch: c.best.epoch, validationError: c.best.validationError } : null,
  };
  await writeFileAtomic(path, await encodeContainer(header, tensors));
}

export async function readCheckpoint(path: string): Promise<Checkpoint> {
  const c = await decodeContainer(new Uint8Array(await readFile(path)), basename(path));
  if (c.header.kind !== 'checkpoint') throw new Error(`Cannot resume from ${path}: it is a ${c.header.kind}, not a checkpoint`);
  const h = c.header as unknown as Omit<Checkpoint, 'state' | 'best'> & { best: { epoch: number; validationError: number } | null };
  return {
    settings: h.settings,
    epoch: h.epoch,
    step: h.step,
    history: h.history,
    state: c.tensors.state,
    best: h.best && c.tensors.best ? { ...h.best, theta: c.tensors.best } : null,
  };
}
