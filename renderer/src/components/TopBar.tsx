import { useEffect, useRef } from 'react';
import type { AppView } from '../../../main/electron/bridge';
import type { ImportSource } from '../api/client';
import { fromInput } from '../api/files';
import { useApp } from '../app-context';
import { useAsync } from '../hooks/useAsync';

const VIEWS: { view: AppView; label: string; key: string }[] = [
  { view: 'batches', label: 'Batches', key: 'F1' },
  { view: 'review', label: 'Review', key: 'F2' },
  { view: 'browse', label: 'Browse', key: 'F3' },
  { view: 'model', label: 'Model', key: 'F4' },
];

export function TopBar(props: { view: AppView; onNavigate: (view: AppView) => void; onImport: (source: ImportSource) => void }) {
  const { view, onNavigate, onImport } = props;
  const { client } = useApp();
  const model = useAsync(() => client.call('modelInfo', {}), [client]);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (folder.current) folder.current.webkitdirectory = true;
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const match = VIEWS.find((v) => v.key === event.key);
      if (match) {
        event.preventDefault();
        onNavigate(match.view);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNavigate]);

  const picked = (input: HTMLInputElement) => {
    if (input.files && input.files.length > 0) onImport(fromInput(input.files));
    input.value = '';
  };

  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          7
        </span>
        DigitRead
      </div>
      <nav className="tabs">
        {VIEWS.map((v) => (
          <button
            key={v.view}
            type="button"
            className={v.view === view ? 'tab active' : 'tab'}
            onClick={() => onNavigate(v.view)}
            title={`${v.label} (${v.key})`}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <div className="topbar-right">
        {model.data && (
          <span
            className={model.data.backendNote ? 'backend fallback' : 'backend'}
            title={model.data.backendNote ?? "The engine's compute backend"}
            data-testid="backend"
          >
            <span className="dot" /> {model.data.backend}
            {model.data.backendNote && <span className="muted"> (fallback)</span>}
            {model.data.active && <span className="muted"> · {model.data.active.name}</span>}
          </span>
        )}
        <input ref={files} type="file" multiple accept="image/*" hidden onChange={(e) => picked(e.currentTarget)} />
        <input ref={folder} type="file" multiple hidden onChange={(e) => picked(e.currentTarget)} />
        <button type="button" className="secondary" onClick={() => folder.current?.click()}>
          Open folder…
        </button>
        <button type="button" className="primary" onClick={() => files.current?.click()}>
          Open scans…
        </button>
      </div>
    </header>
  );
}
