/**
 * npx tsx test/bench/remote-engine.ts [--runs N]: what reading through the remote engine costs over reading in
 * the same thread, both on webasm, the host in a worker thread (the Electron engine window's stand-in). One JSON
 * object: medians of N runs of classify() on 512 and on 8 MNIST training digits.
 */
import { MessageChannel } from 'node:worker_threads';
import { Command } from 'commander';
import { positiveInt } from '../../engine/node/cli-options';
import { padTo32 } from '../../engine/data/dataset';
import { median } from '../../engine/diagnostics/throughput';
import { loadRecognizer, remoteEngineLoader, SHIPPED_MODEL_PATH } from '../../engine/node/load';
import { loadMnist } from '../../engine/node/mnist';
import { nodePortChannel } from '../../engine/node/port-channel';
import { connectEngineHost } from '../../engine/remote/client';
import { DIGIT_PIXELS } from '../../engine/recognizer';
import { startWorker } from '../../main/pipeline/worker-thread';

const o = new Command('remote-engine').option('--runs <n>', 'timed runs per figure', positiveInt('--runs'), 7).parse().opts<{ runs: number }>();

const train = await loadMnist('train');
const padded = padTo32(train.pixels.subarray(0, 512 * 784), 512);
const digits = Array.from({ length: 512 }, (_, i) => padded.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));

const { port1, port2 } = new MessageChannel();
const worker = startWorker(new URL('./engine-host-worker.ts', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
const host = connectEngineHost(nodePortChannel(port1), { backends: ['webasm'] });
const remote = await remoteEngineLoader(host)(SHIPPED_MODEL_PATH);
const local = await loadRecognizer({ modelPath: SHIPPED_MODEL_PATH, backend: 'webasm' });

const result: Record<string, number> = {};
for (const n of [512, 8]) {
  const batch = digits.slice(0, n);
  result[`local_${n}_ms`] = Number((await median(o.runs, () => local.classify(batch))).toFixed(1));
  result[`remote_${n}_ms`] = Number((await median(o.runs, () => remote.classify(batch))).toFixed(1));
}
console.log(JSON.stringify(result));
host.close();
local.destroy();
await worker.terminate();
