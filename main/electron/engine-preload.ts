/**
 * Sandboxed preload of the hidden engine window: passes the port that main sends on to the page (a preload may
 * not hand objects to an isolated page any other way) and exposes nothing. The message goes to this same
 * window, so no target origin is needed ('*'; an app:// origin may not serialise as one).
 */
import { ipcRenderer } from 'electron';
import { ENGINE_PORT_MESSAGE } from './engine-port';

ipcRenderer.once(ENGINE_PORT_MESSAGE, (event) => window.postMessage(ENGINE_PORT_MESSAGE, '*', [...event.ports]));
