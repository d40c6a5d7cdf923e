import { useApp } from '../app-context';
import { download } from './download';

/** Exports the results (of one batch, or all) as CSV through a download. */
export function ExportButton({ batchId, label = 'Export CSV', small }: { batchId?: number; label?: string; small?: boolean }) {
  const { client, report } = useApp();
  return (
    <button
      type="button"
      className={small ? 'secondary small' : 'secondary'}
      onClick={() => client.call('exportResults', { format: 'csv', batchId }).then(download, report)}
    >
      {label}
    </button>
  );
}
