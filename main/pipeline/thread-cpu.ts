import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU seconds spent by each thread of this process, grouped as the pipeline's stages run on them. */
export interface ThreadCpu {
  /** This process's main thread: the engine, the store, hashing. */
  pipeline: number;
  /** Threads started since the recorder: the segmentation workers. */
  workers: number;
  /** libvips's threads: decoding and resizing for sharp. */
  decoders: number;
  /** The rest: V8's garbage collector and compiler, libuv. */
  other: number;
}

const TASKS = '/proc/self/task';

/**
 * Records CPU time per thread from /proc (Linux only; undefined elsewhere). Threads that end (workers closed
 * after a batch) leave /proc, so it samples while the work runs and keeps each thread's last figure.
 */
export function recordThreadCpu(everyMs = 200): { stop(): ThreadCpu } | undefined {
  if (!existsSync(TASKS)) return undefined;
  const seen = new Map<string, { name: string; seconds: number }>();
  const sample = () => {
    for (const tid of readdirSync(TASKS)) {
      try {
        const stat = readFileSync(`${TASKS}/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const name = seen.get(tid)?.name ?? readFileSync(`${TASKS}/${tid}/comm`, 'utf8').trim();
        seen.set(tid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 }); // utime + stime, in ticks of 10 ms
      } catch {
        // the thread ended between listing and reading
      }
    }
  };
  sample();
  const before = new Map([...seen].map(([tid, t]) => [tid, t.seconds]));
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const out: ThreadCpu = { pipeline: 0, workers: 0, decoders: 0, other: 0 };
      for (const [tid, t] of seen) {
        const spent = t.seconds - (before.get(tid) ?? 0);
        if (tid === String(process.pid)) out.pipeline += spent;
        else if (t.name.startsWith('libvips')) out.decoders += spent;
        else if (!before.has(tid)) out.workers += spent;
        else out.other += spent;
      }
      return out;
    },
  };
}
