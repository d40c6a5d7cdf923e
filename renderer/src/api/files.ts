import type { ImportSource, PickedFile } from './client';

const IMAGE = /\.(png|jpe?g|tiff?|webp|gif|bmp)$/i;

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    if (IMAGE.test(file.name)) out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries a call: read until it returns none.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, out);
  }
}

/**
 * What was dropped: files and folders, folders walked for images when the transport needs the bytes. The items
 * are read now, while the drop event lasts; an item without a file system entry is taken as a plain file.
 */
export function fromDrop(transfer: DataTransfer): ImportSource {
  const dropped = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return {
    items: Array.from(transfer.files),
    async expand() {
      const out: PickedFile[] = [];
      for (const { entry, file } of dropped) {
        if (entry) await walk(entry, out);
        else if (file && IMAGE.test(file.name)) out.push({ file, path: file.name });
      }
      return out;
    },
  };
}

/** What was picked with a file input (files, or a folder's files with `webkitdirectory`). */
export function fromInput(files: FileList): ImportSource {
  const items = Array.from(files).filter((file) => IMAGE.test(file.name));
  return {
    items,
    expand: () => Promise.resolve(items.map((file) => ({ file, path: file.webkitRelativePath || file.name }))),
  };
}
