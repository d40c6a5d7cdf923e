import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless. Without the background-networking flags it floods this closed network.
 * `webgl` swaps the disabled GPU for SwiftShader, which gives WebGL2 with float colour buffers in software.
 */
export function launchChromium(opts: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      ...(opts.webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] : ['--disable-gpu']),
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
