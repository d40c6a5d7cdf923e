import { band, percent } from './confidence';

export function ConfidenceBadge({ value }: { value: number }) {
  return (
    <span className={`badge badge-${band(value)}`} title={`confidence ${(value * 100).toFixed(2)}%`}>
      {percent(value)}
    </span>
  );
}
