import type { MessagePort } from 'node:worker_threads';
import type { Channel } from '../remote/channel';

/** A Channel over a Node worker_threads MessagePort (the service worker's end of the engine host's port). */
export function nodePortChannel(port: MessagePort): Channel {
  return {
    post: (message) => port.postMessage(message),
    listen(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}
