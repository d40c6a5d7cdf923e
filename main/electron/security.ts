import { app, type Session, type WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://digitread`;

export const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

/** Whether a URL belongs to the app's own pages (the renderer dev server counts during development). */
export function isAppUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return url.startsWith(`${APP_ORIGIN}/`) || (!app.isPackaged && dev !== undefined && url.startsWith(dev));
}

/** A request that would leave the machine: any network URL but the renderer's dev server during development. */
export function isRemoteUrl(url: string): boolean {
  const { protocol, host } = new URL(url);
  if (!['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(protocol)) return false;
  const dev = process.env.ELECTRON_RENDERER_URL;
  return app.isPackaged || dev === undefined || host !== new URL(dev).host;
}

/**
 * No remote content, no permissions, no navigation away, no new windows, no webviews: the windows show the app
 * and nothing else (the CSP says the same to the pages; this holds for whatever the CSP would not cover).
 */
export function lockDown(session: Session): void {
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isRemoteUrl(details.url) }));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
