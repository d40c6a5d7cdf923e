/**
 * The hidden engine window's page: the engine on gpu.js in Chromium, where WebGL2 or WebGPU reach the machine's
 * GPU. Main hands it a MessagePort through the preload (engine-preload.ts), and the service, in its worker
 * thread, talks to the engine over that port (engine/remote). The page has no other way in or out.
 */
import { createGpu } from '../../engine/backend';
import { portChannel } from '../../engine/remote/channel';
import { serveEngine } from '../../engine/remote/host';
import { ENGINE_PORT_MESSAGE } from '../../main/electron/engine-port';

/** The GPU WebGL2 runs on, as the driver names it ('ANGLE (NVIDIA …)', or SwiftShader where there is none). */
function glRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof name === 'string' ? name : null;
}

const onMessage = (event: MessageEvent) => {
  const port = event.ports[0];
  if (event.source !== window || event.data !== ENGINE_PORT_MESSAGE || !port) return;
  window.removeEventListener('message', onMessage); // one client per page
  serveEngine(portChannel(port), createGpu, glRenderer);
};
window.addEventListener('message', onMessage);
