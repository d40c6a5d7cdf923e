import { useRef, useState } from 'react';
import type { BatchEvent, BatchSummary } from '../../../main/api/contract';
import { useApp } from '../app-context';
import { ExportButton } from '../components/ExportButton';
import { dateTime, duration } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';
import { useAsync } from '../hooks/useAsync';
import { useBatchEvents } from '../hooks/useBatchEvents';

type Progress = Extract<BatchEvent, { type: 'progress' }>;

export function BatchesView() {
  const { client, report } = useApp();
  const batches = useAsync(() => client.call('listBatches', {}), [client]);
  const [live, setLive] = useState<Record<number, Progress>>({});
  const lastReload = useRef(0);

  useBatchEvents((event) => {
    if (event.type === 'progress') setLive((all) => ({ ...all, [event.batchId]: event }));
    // A new or finished batch, and at most once a second while files are read: refresh the service's counts.
    const known = batches.data?.some((b) => b.id === event.batchId) ?? false;
    const now = Date.now();
    if (event.type === 'finished' || !known || (event.type === 'file' && now - lastReload.current > 1000)) {
      lastReload.current = now;
      batches.reload();
    }
  });

  const list = batches.data ?? [];
  const interrupted = list.filter((b) => b.status === 'interrupted');
  const act = (promise: Promise<unknown>) => promise.then(batches.reload, report);

  return (
    <div className="page">
      {interrupted.length > 0 && (
        <div className="banner" role="alert">
          <span>
            {interrupted.length === 1 ? 'A batch was' : `${interrupted.length} batches were`} interrupted when DigitRead
            closed. Nothing read so far is lost.
          </span>
          <button
            type="button"
            className="primary"
            onClick={() => interrupted.forEach((b) => act(client.call('resumeBatch', { batchId: b.id })))}
          >
            Finish {interrupted.length === 1 ? 'it' : 'them'}
          </button>
        </div>
      )}
      <div className="page-header">
        <h1>Batches</h1>
        <ExportButton label="Export all (CSV)" />
      </div>
      {list.length === 0 && !batches.loading && (
        <div className="empty-state">
          <strong>No batches yet</strong>
          <span>Drop scans or folders anywhere in this window, or use “Open scans…”.</span>
        </div>
      )}
      <div className="batch-list">
        {list.map((batch) => (
          <BatchCard
            key={batch.id}
            batch={batch}
            progress={live[batch.id]}
            onAction={act}
          />
        ))}
      </div>
    </div>
  );
}

function BatchCard(props: {
  batch: BatchSummary;
  progress: Progress | undefined;
  onAction: (promise: Promise<unknown>) => void;
}) {
  const { batch, progress, onAction } = props;
  const { client, browse, navigate } = useApp();
  const running = batch.status === 'running';
  const done = running && progress ? progress.filesDone : batch.filesDone;
  const failed = running && progress ? progress.filesFailed : batch.filesFailed;
  const digits = running && progress ? progress.digits : batch.digits;
  const [showErrors, setShowErrors] = useState(false);

  return (
    <section className="card batch" data-testid="batch" data-status={batch.status}>
      <div className="batch-head">
        <div>
          <h2>{batch.name}</h2>
          <span className="muted">
            {dateTime(batch.createdAt)} · {batch.kind}
          </span>
        </div>
        <span className={`pill pill-${batch.status}`}>{batch.status}</span>
      </div>
      <ProgressBar done={done} total={batch.filesTotal} label={`${batch.name} progress`} />
      <dl className="stats">
        <div>
          <dt>Files</dt>
          <dd data-testid="files-done">
            {done} / {batch.filesTotal}
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={failed > 0 ? 'bad' : undefined}>{failed}</dd>
        </div>
        <div>
          <dt>Fields</dt>
          <dd>{batch.fields}</dd>
        </div>
        <div>
          <dt>Digits</dt>
          <dd>{digits}</dd>
        </div>
        <div>
          <dt>To review</dt>
          <dd className={batch.needsReview > 0 ? 'warn' : undefined}>{batch.needsReview}</dd>
        </div>
        {running && progress?.etaSeconds != null && (
          <div>
            <dt>Left</dt>
            <dd>{duration(progress.etaSeconds)}</dd>
          </div>
        )}
      </dl>
      <div className="actions">
        {running && (
          <button type="button" className="secondary" onClick={() => onAction(client.call('cancelBatch', { batchId: batch.id }))}>
            Cancel
          </button>
        )}
        {(batch.status === 'interrupted' || batch.status === 'cancelled') && batch.filesDone < batch.filesTotal && (
          <button type="button" className="secondary" onClick={() => onAction(client.call('resumeBatch', { batchId: batch.id }))}>
            Finish reading
          </button>
        )}
        <button type="button" className="secondary" onClick={() => browse({ batchId: batch.id })}>
          Browse scans
        </button>
        {failed > 0 && (
          <button type="button" className="secondary" onClick={() => setShowErrors((shown) => !shown)}>
            {showErrors ? 'Hide errors' : `Errors (${failed})`}
          </button>
        )}
        <ExportButton batchId={batch.id} />
        {batch.needsReview > 0 && (
          <button type="button" className="primary" onClick={() => navigate('review')}>
            Review {batch.needsReview}
          </button>
        )}
      </div>
      {showErrors && <FileErrors batchId={batch.id} failed={failed} />}
    </section>
  );
}

/** The files of a batch that could not be read, and why (re-read as more fail). */
function FileErrors({ batchId, failed }: { batchId: number; failed: number }) {
  const { client } = useApp();
  const scans = useAsync(() => client.call('listScans', { batchId, state: 'failed', limit: 1000 }), [client, batchId, failed]);
  return (
    <ul className="file-errors" data-testid="file-errors">
      {scans.data?.items.map((scan) => (
        <li key={scan.id} title={scan.path}>
          <span className="mono">{scan.name}</span> <span className="bad">{scan.error}</span>
        </li>
      ))}
    </ul>
  );
}
