import type { Connection } from './open';
import { now, type BatchKind, type BatchStatus } from './records';

export interface BatchRecord {
  id: number;
  name: string;
  kind: BatchKind;
  status: BatchStatus;
  createdAt: string;
  finishedAt: string | null;
  filesTotal: number;
  filesDone: number;
  filesFailed: number;
  fields: number;
  digits: number;
  needsReview: number;
}

export interface BatchFile {
  id: number;
  position: number;
  path: string;
  name: string;
}

/** Creates a running batch with its input list, in one transaction. */
export function createBatch(
  c: Connection,
  b: { name: string; kind: BatchKind; files: readonly { path: string; name: string }[] },
): number {
  return c.tx(() => {
    const id = Number(
      c
        .stmt<[string, string, number, string]>(
          `INSERT INTO batches (name, kind, status, pid, created_at) VALUES (?, ?, 'running', ?, ?)`,
        )
        .run(b.name, b.kind, process.pid, now()).lastInsertRowid,
    );
    const add = c.stmt<[number, number, string, string]>(
      'INSERT INTO batch_files (batch_id, position, path, name) VALUES (?, ?, ?, ?)',
    );
    b.files.forEach((f, i) => add.run(id, i, f.path, f.name));
    return id;
  });
}

export function pendingFiles(c: Connection, batchId: number): BatchFile[] {
  return c
    .stmt<[number], BatchFile>(
      `SELECT id, position, path, name FROM batch_files WHERE batch_id = ? AND status = 'pending' ORDER BY position`,
    )
    .all(batchId);
}

/** Marks the batch as run by this process again (resume). */
export function claimBatch(c: Connection, batchId: number): void {
  c.stmt<[number, number]>(`UPDATE batches SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?`).run(
    process.pid,
    batchId,
  );
}

export function finishBatch(c: Connection, batchId: number, status: Exclude<BatchStatus, 'running'>): void {
  c.stmt<[string, string, number]>('UPDATE batches SET status = ?, finished_at = ?, pid = NULL WHERE id = ?').run(
    status,
    now(),
    batchId,
  );
}

/**
 * Batches left 'running' by a process that no longer exists (killed, crashed, app closed) become
 * 'interrupted'; they can be resumed. Returns their ids.
 */
export function markInterrupted(c: Connection, isAlive: (pid: number) => boolean = pidAlive): number[] {
  return c.tx(() => {
    const running = c.stmt<[], { id: number; pid: number | null }>(`SELECT id, pid FROM batches WHERE status = 'running'`).all();
    const dead = running.filter((b) => b.pid === null || !isAlive(b.pid)).map((b) => b.id);
    for (const id of dead) c.stmt<[number]>(`UPDATE batches SET status = 'interrupted', pid = NULL WHERE id = ?`).run(id);
    return dead;
  });
}

/** Whether a process exists (this one always does). */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

const SUMMARY = `
  SELECT b.id, b.name, b.kind, b.status, b.created_at AS createdAt, b.finished_at AS finishedAt,
    (SELECT count(*) FROM batch_files bf WHERE bf.batch_id = b.id) AS filesTotal,
    (SELECT count(*) FROM batch_files bf WHERE bf.batch_id = b.id AND bf.status != 'pending') AS filesDone,
    (SELECT count(*) FROM batch_files bf WHERE bf.batch_id = b.id AND bf.status = 'failed') AS filesFailed,
    (SELECT count(*) FROM fields f WHERE f.scan_id IN (SELECT scan_id FROM batch_files bf WHERE bf.batch_id = b.id)) AS fields,
    (SELECT count(*) FROM digits d JOIN fields f ON f.id = d.field_id
       WHERE f.scan_id IN (SELECT scan_id FROM batch_files bf WHERE bf.batch_id = b.id)) AS digits,
    (SELECT count(*) FROM fields f WHERE f.needs_review = 1 AND f.accepted_at IS NULL
       AND f.scan_id IN (SELECT scan_id FROM batch_files bf WHERE bf.batch_id = b.id)) AS needsReview
  FROM batches b`;

export function listBatches(c: Connection): BatchRecord[] {
  return c.stmt<[], BatchRecord>(`${SUMMARY} ORDER BY b.id DESC`).all();
}

export function getBatch(c: Connection, id: number): BatchRecord | undefined {
  return c.stmt<[number], BatchRecord>(`${SUMMARY} WHERE b.id = ?`).get(id);
}
