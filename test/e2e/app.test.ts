/**
 * The operator's path through browser mode, in Debian's Chromium: open the served URL, drop a batch of scans,
 * see the predictions, correct digits from the keyboard (in the scan view and in the review queue), reload and
 * find them saved, export CSV, and look at a digit in the model view with the backend the engine runs on.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel, SHIPPED_MODEL_PATH, writeModel } from '../../engine/node/files';
import { writeCorpus } from '../../main/synth/corpus';
import { buildRenderer, dropFiles, launchChromium, screenshot, serve, type Served } from './harness';

const ZIPS = 3;
const CHEQUES = 3;
const SCANS = ZIPS + CHEQUES;
let dir: string;
let served: Served;
let browser: Browser;
let model: string;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digitread-e2e-'));
  const scans = join(dir, 'scans');
  await writeCorpus({ out: scans, kind: 'zip', count: ZIPS, seed: 20261123 });
  await writeCorpus({ out: scans, kind: 'cheque', count: CHEQUES, seed: 20261123 });
  await writeFile(join(scans, 'torn.png'), Buffer.from('not really a PNG'));
  await buildRenderer(join(dir, 'renderer'));
  // The shipped model with a stricter review threshold than its own, as an operator may set: the queue
  // must have fields in it whichever model ships, and these six scans read too well for the default.
  const shipped = await readModel(SHIPPED_MODEL_PATH);
  model = join(dir, 'strict.bin');
  await writeModel(model, { ...shipped, header: { ...shipped.header, reviewThreshold: 0.9999 } });
  served = await serve(join(dir, 'digitread.db'), join(dir, 'renderer'), model);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  page.on('console', (message) => {
    // Failed API responses are listed below with their address instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function scanFiles(): Promise<{ name: string; bytes: Buffer }[]> {
  const names = (await readdir(join(dir, 'scans'))).filter((n) => !n.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(dir, 'scans', name)) })));
}

describe('browser mode, end to end', () => {
  it('refuses the page and the API without the token', async () => {
    expect((await fetch(served.origin)).status).toBe(401);
    expect((await fetch(`${served.origin}/api/listBatches`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(served.url)).status).toBe(200);
  });

  it('reads a dropped batch, with progress, counts and the file that failed', async () => {
    await page.goto(served.url);
    await expect.poll(() => page.getByTestId('backend').textContent()).toBeTruthy();
    await dropFiles(page, await scanFiles());
    const batch = page.getByTestId('batch').first();
    await batch.waitFor();
    await page.locator('[data-testid="batch"][data-status="done"]').waitFor({ timeout: 180_000 });
    expect(await batch.getByTestId('files-done').textContent()).toBe(`${SCANS + 1} / ${SCANS + 1}`);
    await batch.getByRole('button', { name: /^Errors/ }).click();
    await expect.poll(() => batch.getByTestId('file-errors').textContent()).toContain('torn.png');
    await screenshot(page, '1-batches');
  });

  it('shows each scan with its fields and digits', async () => {
    await page.getByRole('button', { name: 'Browse scans' }).first().click();
    await expect.poll(() => page.getByTestId('scan-row').count()).toBe(SCANS + 1);
    await page.getByTestId('scan-row').filter({ hasText: 'zip-0000' }).click();
    await page.getByTestId('field').first().waitFor();
    expect(await page.getByTestId('field-text').first().textContent()).toMatch(/\d/);
    expect(await page.getByTestId('digit').count()).toBeGreaterThan(3);
    await page.locator('.scan-layer img').waitFor();
    await page.getByTestId('digit').nth(1).click();
    await screenshot(page, '2-browse');
  });

  const api = async <T>(method: string, input: unknown): Promise<T> => {
    const response = await fetch(`${served.origin}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${served.token}` },
      body: JSON.stringify(input),
    });
    return ((await response.json()) as { value: T }).value;
  };

  let browseDigitId = '';
  let browseLabel = '';

  it('corrects a digit from the keyboard in the scan view, and undoes', async () => {
    const selected = page.locator('.scan-panel [data-testid="digit"].selected');
    browseDigitId = (await selected.getAttribute('data-digit-id')) ?? '';
    const tile = page.locator(`.scan-panel [data-digit-id="${browseDigitId}"]`);
    const read = (await tile.getByTestId('digit-label').textContent()) ?? '';
    browseLabel = String((Number(read) + 3) % 10);

    await page.keyboard.press(browseLabel);
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(browseLabel);
    expect(await tile.getAttribute('class')).toContain('corrected');
    expect(await selected.getAttribute('data-digit-id')).not.toBe(browseDigitId); // on to the next digit
    const saved = await api<{ digit: { label: number; predicted: number; corrected: boolean } }>('getDigit', { digitId: Number(browseDigitId) });
    expect(saved.digit).toEqual({ ...saved.digit, label: Number(browseLabel), predicted: Number(read), corrected: true });

    await page.keyboard.press('Backspace');
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(read);
    await tile.click();
    await page.keyboard.press(browseLabel);
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(browseLabel);
    const text = (await page.locator('.scan-panel [data-testid="field-text"]').first().textContent()) ?? '';
    await expect.poll(() => page.getByTestId('scan-row').filter({ hasText: 'zip-0000' }).textContent()).toContain(text); // the list too
  });

  let digitId = '';
  let corrected = '';
  let scanName = '';

  it('corrects a digit from the keyboard in the review queue, undoes and accepts', async () => {
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const left = page.getByTestId('review-left');
    await left.waitFor();
    const before = Number.parseInt((await left.textContent()) ?? '', 10);
    expect(before).toBeGreaterThan(0);

    const current = page.locator('.review-field [data-testid="digit"].selected');
    digitId = (await current.getAttribute('data-digit-id')) ?? '';
    scanName = (await page.getByTestId('review-scan').textContent()) ?? '';
    const tile = page.locator(`.review-field [data-digit-id="${digitId}"]`);
    const read = (await tile.getByTestId('digit-label').textContent()) ?? '';
    corrected = String((Number(read) + 1) % 10);

    await page.keyboard.press(corrected);
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(corrected);
    expect(await tile.getAttribute('class')).toContain('corrected');
    await page.keyboard.press('Backspace');
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(read);

    await page.keyboard.press('ArrowLeft'); // the correction moved on; come back to the same digit
    await tile.click();
    await page.keyboard.press(corrected);
    await expect.poll(() => tile.getByTestId('digit-label').textContent()).toBe(corrected);
    await screenshot(page, '3-review');
    await page.keyboard.press('Enter');
    await expect.poll(async () => Number.parseInt((await left.textContent()) ?? '0', 10)).toBe(before - 1);
  });

  it('still has the correction after a reload', async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Browse', exact: true }).click();
    await page.getByTestId('scan-row').filter({ hasText: scanName }).click();
    const tile = page.locator(`[data-digit-id="${digitId}"]`);
    await tile.waitFor();
    expect(await tile.getByTestId('digit-label').textContent()).toBe(corrected);
    expect(await tile.getAttribute('class')).toContain('corrected');
    await page.getByTestId('scan-row').filter({ hasText: 'zip-0000' }).click();
    const fromBrowse = page.locator(`[data-digit-id="${browseDigitId}"]`);
    await fromBrowse.waitFor();
    expect(await fromBrowse.getByTestId('digit-label').textContent()).toBe(browseLabel);
  });

  it('exports the results as CSV', async () => {
    await page.getByRole('button', { name: 'Batches', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('batch').first().getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(SCANS);
    expect(lines[0]).toMatch(/file|scan/i);
    expect(csv).toContain('zip-0000');
  });

  it('shows the model: backend, layer table, and a digit through the network', async () => {
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const inspected = (await page.locator('.review-field [data-testid="digit"].selected').getAttribute('data-digit-id')) ?? '';
    const reviewScan = (await page.getByTestId('review-scan').textContent()) ?? '';
    await page.getByRole('button', { name: 'Inspect digit in model' }).click();
    const { backend } = await api<{ backend: string }>('modelInfo', {});
    await expect.poll(() => page.getByTestId('model-backend').textContent()).toContain(`Compute backend: ${backend}`);
    expect(await page.getByTestId('backend').textContent()).toContain(backend); // the top bar says it everywhere
    expect(await page.locator('[data-testid="layer-table"] tbody tr').count()).toBeGreaterThan(4);
    await page.getByTestId('probabilities').waitFor();
    const facts = page.getByTestId('digit-facts');
    expect(await facts.textContent()).toContain(reviewScan);
    const stored = await api<{ digit: { label: number } }>('getDigit', { digitId: Number(inspected) });
    expect(await page.getByTestId('digit-facts-label').textContent()).toMatch(new RegExp(`^${stored.digit.label}\\b`));
    await page.getByRole('tab', { name: /^c1/ }).click();
    await expect.poll(() => page.locator('.feature-maps img').count()).toBe(6);
    await page.getByRole('tab', { name: /^c3/ }).click();
    await expect.poll(() => page.locator('.feature-maps img').count()).toBe(16);
    await page.getByRole('tab', { name: /^c1/ }).click();
    await screenshot(page, '4-model');
  });

});

describe('closing in the middle of a batch', () => {
  // More files than the service reads at once (16), so that stopping after the first leaves some unread.
  const COUNT = 36;
  let resumeDir: string;
  let first: Served | undefined;
  let second: Served | undefined;

  beforeAll(async () => {
    resumeDir = await mkdtemp(join(tmpdir(), 'digitread-resume-'));
    await writeCorpus({ out: join(resumeDir, 'scans'), kind: 'zip', count: COUNT, seed: 77, format: 'jpeg' });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await rm(resumeDir, { recursive: true, force: true });
  });

  const batches = async (s: Served) => {
    const response = await fetch(`${s.origin}/api/listBatches`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.token}` },
      body: '{}',
    });
    return ((await response.json()) as { value: { status: string; filesDone: number; filesTotal: number }[] }).value;
  };

  it('keeps what was read, and offers to finish the rest at the next start', async () => {
    const db = join(resumeDir, 'digitread.db');
    first = await serve(db, join(dir, 'renderer'), model);
    await page.goto(first.url);
    const names = (await readdir(join(resumeDir, 'scans'))).filter((n) => !n.endsWith('.json'));
    await dropFiles(page, await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(resumeDir, 'scans', name)) }))));
    const started = first;
    await expect.poll(async () => (await batches(started))[0]?.filesDone ?? 0, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
    await first.stop(); // what closing the window does: the service stops after the file in hand
    first = undefined;

    second = await serve(db, join(dir, 'renderer'), model);
    const [interrupted] = await batches(second);
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.filesDone).toBeGreaterThan(0);
    expect(interrupted.filesDone).toBeLessThan(COUNT);

    await page.goto(second.url);
    await page.getByRole('button', { name: 'Finish it' }).click();
    await page.locator('[data-testid="batch"][data-status="done"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('files-done').textContent()).toBe(`${COUNT} / ${COUNT}`);
  }, 300_000);
});

it('ran without errors in the page (CSP violations included)', () => {
  expect(problems).toEqual([]);
});
