import { useEffect, useState } from 'react';
import type { ActivationResult, ModelSummary, RetrainStatus } from '../../../main/api/contract';
import { useApp } from '../app-context';
import { useAsync } from '../hooks/useAsync';
import { dateTime } from './format';
import { ProgressBar } from './ProgressBar';
import { RetrainChart } from './RetrainChart';

const POLL_MS = 500;
const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(2)}%`);

/** Polls the retrain's progress while one runs (the API reports it on request; retrains are rare and slow). */
function useRetrainStatus(onFinished: () => void): [RetrainStatus | undefined, () => void] {
  const { client, report } = useApp();
  const [status, setStatus] = useState<RetrainStatus>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await client.call('retrainProgress', {});
        if (stop) return;
        setStatus(s);
        if (s.state === 'running') timer = setTimeout(() => void poll(), POLL_MS);
        else onFinished();
      } catch (err) {
        report(err);
      }
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [client, tick]);
  return [status, () => setTick((t) => t + 1)];
}

/** Retrain on the corrections, watch it learn, and choose which version reads. */
export function RetrainPanel({ onActivated }: { onActivated: () => void }) {
  const { client, report } = useApp();
  const models = useAsync(() => client.call('listModels', {}), [client]);
  const [status, restart] = useRetrainStatus(models.reload);
  const [activation, setActivation] = useState<ActivationResult>();
  const [busy, setBusy] = useState(false);
  const running = status?.state === 'running';
  const p = status?.progress;

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await what();
    } catch (err) {
      report(err);
    } finally {
      setBusy(false);
    }
  };
  const start = () => act(async () => {
    await client.call('startRetrain', {});
    restart();
  });
  const cancel = () => act(() => client.call('cancelRetrain', {}));
  const activate = (m: ModelSummary) =>
    act(async () => {
      setActivation(await client.call('activateModel', { modelId: m.id }));
      models.reload();
      onActivated();
    });

  return (
    <section className="card retrain" data-testid="retrain-panel">
      <h2>Retrain on corrections</h2>
      <p className="muted">
        Fine-tunes the active model on the corrected and accepted digits, with MNIST digits replayed so that it keeps what it knew. A
        fifth of the corrected fields is held out to measure the new version against its parent.
      </p>
      <div className="actions">
        <button type="button" onClick={start} disabled={busy || running} data-testid="retrain-start">
          Retrain
        </button>
        {running && (
          <button type="button" onClick={cancel} disabled={busy} data-testid="retrain-cancel">
            Cancel
          </button>
        )}
      </div>
      {status && status.state !== 'idle' && (
        <div className="retrain-status" data-testid="retrain-status">
          <p>
            <strong>{status.state === 'running' ? (p?.phase ?? 'starting') : status.state}</strong>
            {p && ` · epoch ${p.epoch}/${p.epochs}`}
            {p && !Number.isNaN(p.loss) && ` · loss ${p.loss.toFixed(4)}`}
            {p?.history.length ? ` · held-out accuracy ${pct(p.history[p.history.length - 1].validationAccuracy)}` : ''}
            {running && p?.etaSeconds != null && ` · about ${Math.round(p.etaSeconds)} s left`}
            {status.error && <span className="error"> — {status.error}</span>}
          </p>
          {running && p && p.batches > 0 && (
            <ProgressBar done={p.batch} total={p.batches} label={p.phase === 'calibrating' ? 'validation scans made and read for the review threshold' : 'training batches of this epoch'} />
          )}
          {p && <RetrainChart history={p.history} live={running && p.phase === 'training' ? { epoch: p.epoch, loss: p.loss } : undefined} />}
        </div>
      )}
      {activation && (
        <p data-testid="activation-result">
          Version {activation.model.id} is active: {activation.rescanned} unconfirmed scans re-read, {activation.fieldsChanged} fields and{' '}
          {activation.digitsChanged} digits now read differently
          {activation.failed.length > 0 && `, ${activation.failed.length} could not be re-read`}.
        </p>
      )}
      {models.data && <VersionTable models={models.data} onActivate={activate} disabled={busy || running} />}
    </section>
  );
}

function VersionTable({ models, onActivate, disabled }: { models: ModelSummary[]; onActivate: (m: ModelSummary) => void; disabled: boolean }) {
  return (
    <table className="versions" data-testid="model-versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Parent</th>
          <th>Created</th>
          <th>MNIST test error (parent)</th>
          <th>Held-out corrections error (parent)</th>
          <th>Learnt from</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {[...models].reverse().map((m) => (
          <tr key={m.id} className={m.active ? 'active' : undefined}>
            <td title={m.name}>{m.id}</td>
            <td>{m.parentId ?? '—'}</td>
            <td>{dateTime(m.createdAt)}</td>
            <td>
              {pct(m.metrics.testError)}
              {m.metrics.parentTestError !== undefined && <span className="muted"> ({pct(m.metrics.parentTestError)})</span>}
            </td>
            <td>
              {m.metrics.heldOutError !== undefined ? pct(m.metrics.heldOutError) : '—'}
              {m.metrics.parentHeldOutError !== undefined && <span className="muted"> ({pct(m.metrics.parentHeldOutError)})</span>}
            </td>
            <td>{m.data.trainDigits === undefined ? '—' : `${String(m.data.trainDigits)} digits + ${String(m.data.replayDigits)} MNIST`}</td>
            <td>
              {m.active ? (
                <strong>active</strong>
              ) : (
                <button type="button" onClick={() => onActivate(m)} disabled={disabled} data-testid={`activate-${m.id}`}>
                  Activate
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
