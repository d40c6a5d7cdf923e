import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(CategoryScale, LinearScale, LogarithmicScale, BarElement, Tooltip, Legend);

const CLASSES = Array.from({ length: 10 }, (_, i) => String(i));

/**
 * The ten class probabilities, the winner highlighted; `reference` (the probabilities the digit was read with,
 * which a later model may not share) is drawn beside them.
 */
export function ProbabilityChart({ probabilities, reference }: { probabilities: readonly number[]; reference?: readonly number[] }) {
  const best = probabilities.indexOf(Math.max(...probabilities));
  return (
    <div className="chart" data-testid="probabilities">
      <Bar
        data={{
          labels: CLASSES,
          datasets: [
            {
              label: 'active model',
              data: [...probabilities],
              backgroundColor: probabilities.map((_, i) => (i === best ? '#2563eb' : '#cbd5e1')),
              borderRadius: 3,
            },
            ...(reference
              ? [{ label: 'when read', data: [...reference], backgroundColor: '#f59e0b', borderRadius: 3 }]
              : []),
          ],
        }}
        options={{
          animation: false,
          maintainAspectRatio: false,
          scales: {
            y: { type: 'logarithmic', min: 1e-4, max: 1, title: { display: true, text: 'probability (log)' } },
            x: { grid: { display: false } },
          },
          plugins: {
            legend: { display: reference !== undefined, position: 'bottom' },
            tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${((item.raw as number) * 100).toFixed(3)}%` } },
          },
        }}
      />
    </div>
  );
}
