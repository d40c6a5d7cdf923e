import { useState } from 'react';
import type { FeatureMapLayer, ModelInfo } from '../../../main/api/contract';
import { useApp } from '../app-context';
import { dateTime } from '../components/format';
import { ProbabilityChart } from '../components/ProbabilityChart';
import { RetrainPanel } from '../components/RetrainPanel';
import { useAsync } from '../hooks/useAsync';

export function ModelView({ digitId }: { digitId: number | undefined }) {
  const { client } = useApp();
  const info = useAsync(() => client.call('modelInfo', {}), [client]);
  return (
    <div className="page model">
      <div className="page-header">
        <h1>Model</h1>
        {info.data && (
          <span className="backend" data-testid="model-backend">
            Compute backend: <strong>{info.data.backend}</strong>
            {info.data.backendNote && <span className="muted"> — {info.data.backendNote}</span>}
          </span>
        )}
      </div>
      <div className="model-grid">
        {info.data && <ModelSummaryCard info={info.data} />}
        {info.data && <LayerTable info={info.data} />}
      </div>
      <RetrainPanel onActivated={info.reload} />
      {digitId === undefined ? (
        <div className="empty-state">
          <strong>No digit selected</strong>
          <span>Select a digit in Review or Browse and choose “Inspect” to see what each layer makes of it.</span>
        </div>
      ) : (
        <DigitInspector key={digitId} digitId={digitId} />
      )}
    </div>
  );
}

function ModelSummaryCard({ info }: { info: ModelInfo }) {
  const active = info.active;
  return (
    <section className="card">
      <h2>Active model</h2>
      {active ? (
        <dl className="facts">
          {[
            ['Name', active.name],
            ['Architecture', active.architecture],
            ['Created', dateTime(active.createdAt)],
            ['Review below', `${(active.reviewThreshold * 100).toFixed(0)}% confidence`],
            ...Object.entries(active.metrics).map(([name, value]) => [words(name), metric(name, value)]),
          ].map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No model is active.</p>
      )}
      {info.models.length > 1 && <p className="muted">{info.models.length} versions in this database.</p>}
    </section>
  );
}

/** `validationError` → `validation error`. */
function words(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Rates and errors as percentages, counts as they are. */
function metric(name: string, value: number): string {
  if (/error|rate|accuracy/i.test(name) && value >= 0 && value <= 1) return `${(value * 100).toFixed(2)}%`;
  return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(4);
}

function LayerTable({ info }: { info: ModelInfo }) {
  const total = info.layers.reduce((sum, row) => sum + row.params, 0);
  return (
    <section className="card">
      <h2>Layers</h2>
      <table className="table" data-testid="layer-table">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Output</th>
            <th className="num">Parameters</th>
            <th className="num">Connections</th>
            <th>Notes</th>
          </tr>
        </thead>
        <tbody>
          {info.layers.map((row) => (
            <tr key={row.layer}>
              <td>{row.layer}</td>
              <td className="mono">{row.output}</td>
              <td className="num">{row.params.toLocaleString()}</td>
              <td className="num">{row.connections.toLocaleString()}</td>
              <td className="muted">{row.notes}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>Total</td>
            <td className="num">{total.toLocaleString()}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function DigitInspector({ digitId }: { digitId: number }) {
  const { client } = useApp();
  const maps = useAsync(() => client.call('featureMaps', { digitId }), [client, digitId]);
  const stored = useAsync(() => client.call('getDigit', { digitId }), [client, digitId]);
  const [layerIndex, setLayerIndex] = useState(0);
  const error = maps.error ?? stored.error;
  if (error) return <div className="banner bad">{error.message}</div>;
  if (!maps.data || !stored.data) return <div className="muted">Running the digit through the network…</div>;
  const { inputUrl, probabilities, layers } = maps.data;
  const { digit, field, scan } = stored.data;
  const layer = layers[Math.min(layerIndex, layers.length - 1)];
  return (
    <section className="card inspector" data-testid="inspector">
      <div className="inspector-head">
        <figure>
          <img className="crop-digit" src={digit.cropUrl} alt="digit as cut from the scan" />
          <figcaption>From the scan</figcaption>
        </figure>
        <figure>
          <img className="pixelated input-digit" src={inputUrl} alt="network input" />
          <figcaption>Input 32×32</figcaption>
        </figure>
        <dl className="facts digit-facts" data-testid="digit-facts">
          <div>
            <dt>Read as</dt>
            <dd>
              {digit.predicted} ({(digit.confidence * 100).toFixed(1)}%)
            </dd>
          </div>
          <div>
            <dt>Label</dt>
            <dd data-testid="digit-facts-label">{digit.corrected ? `${digit.label} (corrected)` : digit.label}</dd>
          </div>
          <div>
            <dt>Field</dt>
            <dd className="mono">{field.text}</dd>
          </div>
          <div>
            <dt>Scan</dt>
            <dd title={scan.path}>{scan.name}</dd>
          </div>
        </dl>
        <div className="inspector-chart">
          <h2>Class probabilities</h2>
          <ProbabilityChart probabilities={probabilities} reference={digit.probabilities} />
        </div>
      </div>
      <div className="layer-tabs" role="tablist">
        {layers.map((l, i) => (
          <button
            key={l.name}
            type="button"
            role="tab"
            aria-selected={l === layer}
            className={l === layer ? 'tab active' : 'tab'}
            onClick={() => setLayerIndex(i)}
          >
            {l.name} <span className="muted">{l.channels}@{l.width}×{l.height}</span>
          </button>
        ))}
      </div>
      {layer && <FeatureMapGrid layer={layer} />}
    </section>
  );
}

/** Square maps shrink as there are more of them; a vector (height 1) is drawn as a strip of cells. */
function mapSize(layer: FeatureMapLayer): { width: number; height: number } {
  if (layer.height === 1) return { width: Math.min(1000, Math.max(80, layer.width * 10)), height: 20 };
  const side = Math.max(24, Math.min(96, Math.round(480 / Math.sqrt(layer.channels))));
  return { width: side, height: Math.round((side * layer.height) / layer.width) };
}

function FeatureMapGrid({ layer }: { layer: FeatureMapLayer }) {
  const size = mapSize(layer);
  return (
    <div>
      <p className="muted">
        {layer.channels} map{layer.channels === 1 ? '' : 's'} of {layer.width}×{layer.height}; grey from {layer.min.toFixed(2)} (black) to{' '}
        {layer.max.toFixed(2)} (white).
      </p>
      <div className="feature-maps">
        {layer.maps.map((url, i) => (
          <figure key={i}>
            <img className="pixelated" src={url} width={size.width} height={size.height} alt={`${layer.name} map ${i}`} />
            {layer.channels > 1 && <figcaption>{i}</figcaption>}
          </figure>
        ))}
      </div>
    </div>
  );
}
