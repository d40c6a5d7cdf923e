import { useEffect, useState } from 'react';
import type { ImportSource } from '../api/client';
import { fromDrop } from '../api/files';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/** Files or folders dropped anywhere on the window start a batch. */
export function DropOverlay({ onDrop }: { onDrop: (source: ImportSource) => void }) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      setActive(true);
    };
    const over = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setActive(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      depth = 0;
      setActive(false);
      if (event.dataTransfer && event.dataTransfer.files.length > 0) onDrop(fromDrop(event.dataTransfer));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);

  if (!active) return null;
  return (
    <div className="drop-overlay">
      <div className="drop-card">
        <strong>Drop scans to read them</strong>
        <span>Files or folders of PNG, JPEG or TIFF scans</span>
      </div>
    </div>
  );
}
