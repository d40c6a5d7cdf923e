import { SingleBar, Presets } from 'cli-progress';
import type { Progress } from '../trainer';

/** A terminal progress bar with ETA for training; plain log lines when stdout is not a terminal. */
export function trainingProgress(): { update(p: Progress): void; stop(): void } {
  const tty = Boolean(process.stderr.isTTY);
  const bar = new SingleBar(
    { format: 'epoch {epochLabel} |{bar}| {percentage}% | loss {loss} | {rate} img/s | ETA {etaText}', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  let lastLog = 0;
  const eta = (s: number) => (s > 3600 ? `${(s / 3600).toFixed(1)} h` : s > 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);
  return {
    update(p) {
      const payload = { epochLabel: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(4), rate: Math.round(p.imagesPerSecond), etaText: eta(p.etaSeconds) };
      if (!tty) {
        if (performance.now() - lastLog > 30_000 || p.batch === p.batches) {
          lastLog = performance.now();
          process.stderr.write(`epoch ${payload.epochLabel} batch ${p.batch}/${p.batches} loss ${payload.loss} ${payload.rate} img/s ETA ${payload.etaText}\n`);
        }
        return;
      }
      if (!started) bar.start(p.batches, 0, payload);
      started = true;
      if (p.batch === 1 || p.batch < bar.getProgress() * p.batches) bar.setTotal(p.batches);
      bar.update(p.batch, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
