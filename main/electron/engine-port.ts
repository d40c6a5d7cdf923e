/**
 * Main → engine window preload (IPC) → engine page (window message): the one message that carries the engine's
 * port. Its own module so that the two preloads share no code (a sandboxed preload cannot load a shared chunk).
 */
export const ENGINE_PORT_MESSAGE = 'digitread:engine-port';
