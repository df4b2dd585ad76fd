import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEFAULT_PRIORITY_MATRIX } from '@itsm/domain';
import { MemoryEventStore, trustedKeys } from '@itsm/event-store';
import { buildEvidencePack } from '@itsm/compliance';
import { approved, authorized, change, ci, incident, scheduled, started } from '../libs/compliance/src/testing/change-facts';

/**
 * The evidence pack's report as an auditor opens it: in headless Chromium (Debian's chromium, which
 * .ci/run installs), from the file alone. It renders, its charts are drawn, and nothing is logged as
 * an error. UPDATE_DOCS_SCREENSHOT=1 also saves the screenshot the README shows.
 */
jest.setTimeout(60_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('The evidence report in a browser', () => {
  let browser: Browser;
  let report: string;
  beforeAll(async () => {
    const store = new MemoryEventStore();
    await change(store, 'OK', 'normal', approved('carl'), authorized, scheduled, started(), ['10T11:30', 'ivan', 'ChangeImplementationCompleted', { outcome: 'successful' }]);
    await change(store, 'B', 'normal', approved('rita'), authorized, scheduled, started(), ['10T11:40', 'ivan', 'ChangeImplementationCompleted', { outcome: 'failed' }]);
    await change(store, 'E', 'emergency', started('05T03:00', 'ivan', true));
    const policy = { name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: [], onReopen: 'resume', targets: [{ priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: null } }] };
    const opened = { impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version };
    await incident(store, 'I1', opened, ['10T08:00', 'ann', 'SlaStarted', { policy, calendars: [] }], ['10T09:00', 'ann', 'IncidentResolved', { resolutionCode: 'solved_permanently', resolutionNotes: 'ok' }]);
    await incident(store, 'I2', opened, ['10T08:00', 'ann', 'SlaStarted', { policy, calendars: [] }]);
    await ci(store, 'DB', ['15T10:00', 'ivan', 'ConfigurationItemAttributesUpdated', { attributes: {} }]);
    const key = generateKeyPairSync('ed25519');
    const pack = await buildEvidencePack(store, { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', retrospectiveReviewDays: 5, generatedAt: '2026-04-02T00:00:00.000Z', trusted: trustedKeys([key.publicKey]) }, key.privateKey);
    report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-report-')), 'report.html');
    fs.writeFileSync(report, pack.files.find((file) => file.path === 'report.html')!.bytes);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(path.dirname(report), { recursive: true, force: true });
  });

  it('renders from the file alone, draws its charts, and logs no error', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${report}`);
    expect(await page.title()).toBe('Evidence pack 2026-03-01T00:00:00.000Z to 2026-04-01T00:00:00.000Z');
    for (const chart of ['nonconformities-by-clause', 'changes-by-type-and-outcome', 'attainment-by-week']) {
      const drawn: number[] = await page.locator(`#${chart} svg rect.bar`).evaluateAll((bars) => bars.map((bar) => (bar as unknown as { getBBox(): { width: number } }).getBBox().width));
      expect({ chart, drawn: drawn.length > 0 && drawn.every((width) => width > 0) }).toEqual({ chart, drawn: true });
    }
    expect(await page.locator('table').nth(1).locator('tr').count()).toBeGreaterThan(1);
    const screenshot = await page.screenshot({ fullPage: true });
    expect(screenshot.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_DOCS_SCREENSHOT) fs.writeFileSync(path.resolve(__dirname, '..', 'docs', 'evidence-report.png'), screenshot);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${report}`]);
  });
});
