import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppView } from '../../main/electron/bridge';
import type { Client, ImportSource } from './api/client';
import { AppContext, type AppContextValue, type BrowseFilter } from './app-context';
import { DropOverlay } from './components/DropOverlay';
import { TopBar } from './components/TopBar';
import { Toasts, useToasts } from './components/Toasts';
import { BatchesView } from './views/BatchesView';
import { BrowseView } from './views/BrowseView';
import { ModelView } from './views/ModelView';
import { ReviewView } from './views/ReviewView';

export function App({ client }: { client: Client }) {
  const [view, setView] = useState<AppView>('batches');
  const [filter, setFilter] = useState<BrowseFilter>({});
  const [browseScan, setBrowseScan] = useState<number>();
  const [digitId, setDigitId] = useState<number>();
  const { toasts, push, dismiss } = useToasts();

  const report = useCallback((error: unknown) => push(error instanceof Error ? error.message : String(error)), [push]);
  const context = useMemo<AppContextValue>(
    () => ({
      client,
      navigate: setView,
      browse(next, scanId) {
        setFilter(next);
        setBrowseScan(scanId);
        setView('browse');
      },
      inspectDigit(id) {
        setDigitId(id);
        setView('model');
      },
      report,
    }),
    [client, report],
  );

  useEffect(
    () =>
      client.onCommand((command) => {
        if (command.type === 'navigate') setView(command.view);
      }),
    [client],
  );

  const importFiles = useCallback(
    (source: ImportSource) => {
      setView('batches');
      client.importFiles(source).catch(report);
    },
    [client, report],
  );

  return (
    <AppContext.Provider value={context}>
      <div className="app">
        <TopBar view={view} onNavigate={setView} onImport={importFiles} />
        <main className="content">
          {view === 'batches' && <BatchesView />}
          {view === 'review' && <ReviewView />}
          {view === 'browse' && (
            <BrowseView filter={filter} onFilter={setFilter} scanId={browseScan} onScan={setBrowseScan} />
          )}
          {view === 'model' && <ModelView digitId={digitId} />}
        </main>
        <DropOverlay onDrop={importFiles} />
        <Toasts toasts={toasts} onDismiss={dismiss} />
      </div>
    </AppContext.Provider>
  );
}
