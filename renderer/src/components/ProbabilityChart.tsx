import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(CategoryScale, LinearScale, LogarithmicScale, BarElement, Tooltip);

const CLASSES = Array.from({ length: 10 }, (_, i) => String(i));

/** The ten class probabilities, the winner highlighted. */
export function ProbabilityChart({ probabilities }: { probabilities: readonly number[] }) {
  const best = probabilities.indexOf(Math.max(...probabilities));
  return (
    <div className="chart" data-testid="probabilities">
      <Bar
        data={{
          labels: CLASSES,
          datasets: [
            {
              label: 'probability',
              data: [...probabilities],
              backgroundColor: probabilities.map((_, i) => (i === best ? '#2563eb' : '#cbd5e1')),
              borderRadius: 3,
            },
          ],
        }}
        options={{
          animation: false,
          maintainAspectRatio: false,
          scales: {
            y: { type: 'logarithmic', min: 1e-4, max: 1, title: { display: true, text: 'probability (log)' } },
            x: { grid: { display: false } },
          },
          plugins: { tooltip: { callbacks: { label: (item) => `${((item.raw as number) * 100).toFixed(3)}%` } } },
        }}
      />
    </div>
  );
}
