/**
 * What the remote engine needs of a transport: post a structured-cloneable message, hear the other side's.
 * A DOM MessagePort (the engine window), a Node worker_threads MessagePort (the service worker) and a test
 * bridge all fit behind it, so neither side knows how the two are connected.
 */
export interface Channel {
  post(message: unknown): void;
  /** Returns the function that stops listening. */
  listen(listener: (message: unknown) => void): () => void;
}

/** The part of a DOM MessagePort the adapter uses (the engine page's end; Node's has node/port-channel.ts). */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
}

export function portChannel(port: MessagePortLike): Channel {
  port.start(); // addEventListener, unlike onmessage, does not start a port by itself
  return {
    post: (message) => port.postMessage(message),
    listen(listener) {
      const handler = (event: { data: unknown }) => listener(event.data);
      port.addEventListener('message', handler);
      return () => port.removeEventListener('message', handler);
    },
  };
}
