import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../assertions/reporters/html-reporter.js';
import { sampleReport } from '../support/pure/sample-report.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** Opens an HTML report in real headless Chromium: it must render, draw its charts and log no errors. */
describe.skipIf(!hasChromium)(
  `HTML report in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} missing; apt-get install -y chromium)`}`,
  () => {
    let browser: BrowserContext;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aimon-html-report-'));
      // An empty user-data-dir, as a persistent context (playwright refuses --user-data-dir in launch()).
      browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await rm(dir, { recursive: true, force: true });
    });

    async function open(
      html: string,
    ): Promise<{ errors: string[]; requests: string[]; page: import('playwright-core').Page }> {
      const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
      await writeFile(file, html);
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      return { errors, requests, page };
    }

    /** Counts pixels that are not fully transparent in each canvas. */
    async function paintedPixels(page: import('playwright-core').Page): Promise<Record<string, number>> {
      return page.evaluate(() => {
        const out: Record<string, number> = {};
        // Runs in the page: the DOM types are not part of this Node project's lib.
        interface PageCanvas {
          id: string;
          width: number;
          height: number;
          getContext(kind: '2d'): {
            getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
          };
        }
        const page = globalThis as unknown as {
          document: { querySelectorAll(selector: string): ArrayLike<PageCanvas> };
        };
        for (const canvas of Array.from(page.document.querySelectorAll('canvas'))) {
          const context = canvas.getContext('2d');
          const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
          out[canvas.id] = painted;
        }
        return out;
      });
    }

    it('renders the charts and the assertion table with no console errors or network requests', async () => {
      const { errors, requests, page } = await open(renderHtml(sampleReport()));
      const pixels = await paintedPixels(page);
      expect(Object.keys(pixels).sort()).toEqual(['lag', 'per-second', 'suites']);
      for (const [id, painted] of Object.entries(pixels))
        expect(painted, `canvas ${id} is empty`).toBeGreaterThan(500);
      expect(await page.locator('tbody tr').count()).toBe(4);
      expect(await page.locator('h1').innerText()).toContain('FAILED');
      expect(await page.locator('tr.failed td.detail').innerText()).toContain(
        'missing seq 100-199 (100 records)',
      );
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });

    it('renders a report without probes (a --ledger re-check)', async () => {
      const report = sampleReport({ lag: undefined, charts: { perSecond: [], ingestRate: [], lagsMs: [] } });
      const { errors, page } = await open(renderHtml(report));
      const pixels = await paintedPixels(page);
      expect(pixels.suites).toBeGreaterThan(500);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
