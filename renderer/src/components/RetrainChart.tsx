import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { RetrainEpoch } from '../../../main/api/contract';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

/** Training loss and held-out accuracy per epoch; `live` adds the running epoch's loss so far. */
export function RetrainChart({ history, live }: { history: readonly RetrainEpoch[]; live?: { epoch: number; loss: number } }) {
  const points = live && !Number.isNaN(live.loss) && live.epoch > history.length ? [...history, { epoch: live.epoch, loss: live.loss, validationAccuracy: NaN }] : history;
  return (
    <div className="chart" data-testid="retrain-chart">
      <Line
        data={{
          labels: points.map((p) => `epoch ${p.epoch}`),
          datasets: [
            { label: 'training loss', data: points.map((p) => p.loss), borderColor: '#f59e0b', backgroundColor: '#f59e0b', yAxisID: 'loss' },
            {
              label: 'held-out accuracy',
              data: points.map((p) => (Number.isNaN(p.validationAccuracy) ? null : p.validationAccuracy)),
              borderColor: '#2563eb',
              backgroundColor: '#2563eb',
              yAxisID: 'accuracy',
            },
          ],
        }}
        options={{
          animation: false,
          maintainAspectRatio: false,
          scales: {
            loss: { type: 'linear', position: 'left', title: { display: true, text: 'loss' }, beginAtZero: true },
            accuracy: { type: 'linear', position: 'right', min: 0, max: 1, title: { display: true, text: 'held-out accuracy' }, grid: { drawOnChartArea: false } },
          },
          plugins: { legend: { position: 'bottom' } },
        }}
      />
    </div>
  );
}
