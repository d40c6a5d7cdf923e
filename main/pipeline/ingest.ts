import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';

/** Extensions read from folders; anything else in a folder is skipped. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp', '.gif', '.avif']);

/** What a scan is stored under, once however often it is read: the SHA-256 of its file's bytes, in hex. */
export function contentHash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface InputFile {
  path: string; // absolute
  name: string; // for display
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/**
 * Expands files and folders into the list of files to read, in a stable order. Folders are walked
 * recursively, keeping image files and skipping hidden entries. Files named explicitly are kept whatever
 * they are (and whether they exist), so that each one gets a result, an error if it cannot be read.
 */
export async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, name: basename(path) });
  };
  for (const input of inputs) {
    const path = resolve(input);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) for (const f of await walk(path)) add(f);
    else add(path);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(path)));
    else if (e.isFile() && isImageName(e.name)) files.push(path);
  }
  return files;
}
