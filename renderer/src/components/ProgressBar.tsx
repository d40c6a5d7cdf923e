export function ProgressBar({ done, total, label }: { done: number; total: number; label?: string }) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
    >
      <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}
