/**
 * `npm run serve`: browser mode. Prints the URL (token included) as the first line of stdout; everything else
 * goes to stderr.
 *
 *   serve [--db FILE] [--model FILE] [--port N] [--renderer DIR] [--build]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { siblingWorkerUrl } from '../pipeline/worker-thread';
import { newToken } from './auth';
import { createHttpServer } from './http';
import { startServiceHost } from './service-host';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'digitread.db' },
    model: { type: 'string' },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: 'out/renderer' },
    build: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`Expected an integer between 0 and 65535 for --port but received ${values.port}`);
}
const rendererDir = resolve(values.renderer);

if (values.build || !existsSync(resolve(rendererDir, 'index.html'))) {
  const [{ build }, { rendererConfig }] = await Promise.all([import('vite'), import('../../renderer/renderer.config')]);
  process.stderr.write(`Building the renderer into ${rendererDir}\n`);
  const config = rendererConfig(fileURLToPath(new URL('../../renderer', import.meta.url)));
  await build({ ...config, logLevel: 'warn', build: { ...config.build, outDir: rendererDir, emptyOutDir: true } });
}

const workerUrl = siblingWorkerUrl('service-worker', import.meta.url);
const host = await startServiceHost(workerUrl, { dbPath: resolve(values.db), modelPath: values.model && resolve(values.model) });
const token = newToken();
const server = createHttpServer({ host, token, rendererDir });

server.listen(port, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${address.port}/?token=${token}\n`);
  process.stderr.write(`DigitRead browser mode, database ${resolve(values.db)}. Ctrl-C to stop.\n`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
