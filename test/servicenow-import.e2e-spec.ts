import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, Platform } from './support/platform-processes';

/**
 * `npm run -s import:servicenow` on the embedded default, with the three apps running: the real
 * ServiceNow sample (test/fixtures/servicenow) imported and read back through the query API. The
 * figures are those an independent reading of the file gives (docs/servicenow-import-mapping.md,
 * scripts/analysis/servicenow-sample-figures.py); the import must reproduce them, not be fitted to them.
 */
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'scripts', 'import-servicenow.js');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'servicenow', 'incident-event-log-sample.csv');

interface Incident {
  id: string;
  number: string;
  status: string;
  priority: number;
  reassignmentCount: number;
  reopenCount: number;
  source: { fields: Record<string, string | null>; versionsImported: number } | null;
}

describe('Importing the ServiceNow sample', () => {
  let platform: Platform;
  const runImport = (file: string, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, file, '--instance', 'sample', '--json', ...args], { env: { PATH: process.env.PATH, DATA_DIR: platform.dataDir, HOME: os.tmpdir() }, encoding: 'utf8' });

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error('Build first: npm run build');
    platform = await Platform.start();
  });
  afterAll(() => platform.stop());

  const auditor = () => platform.token('audrey', 'auditor');
  const get = <T>(url: string) => http<T>('GET', `${platform.url('query-api')}${url}`, { token: auditor() });

  /** Every incident the query API lists, page by page, once the projections have what the import appended. */
  async function allIncidents(position: string): Promise<Incident[]> {
    const found: Incident[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Incident[]; nextCursor: string | null } } = await get(`/incidents?limit=200&consistentWith=${position}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      found.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return found;
  }

  it('maps every row, reproduces the figures through the query API, and appends nothing when run again', async () => {
    const first = runImport(SAMPLE);
    expect({ code: first.status, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ rowsRead: 5998, incidents: 890, eventsAppended: 5998, versionsAlreadyImported: 0, versionsMissing: 3104, skipped: { total: 0 } });
    expect(summary.priorityMatrix).toEqual({ version: 'servicenow-sample', rows: [[1, 2, null], [2, 3, 4], [3, 4, 4]], disagreeing: 0 });

    // The projector catches up (consistentWith waits for it, answering 503 meanwhile): poll until it has.
    let incidents: Incident[] = [];
    for (let attempt = 0; attempt < 120 && incidents.length === 0; attempt++) {
      const probe = await get<{ items: unknown[] }>(`/incidents?limit=1&consistentWith=${summary.position}`);
      if (probe.status === 200) incidents = await allIncidents(summary.position);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const count = (where: (incident: Incident) => boolean) => incidents.filter(where).length;
    const sum = (of: (incident: Incident) => number) => incidents.reduce((total, incident) => total + of(incident), 0);
    expect(incidents).toHaveLength(890);
    expect(count((incident) => incident.status === 'closed')).toBe(890);
    expect([1, 2, 3, 4, 5].map((priority) => count((incident) => incident.priority === priority))).toEqual([15, 33, 757, 85, 0]);
    expect(sum((incident) => incident.reassignmentCount)).toBe(877);
    expect([sum((incident) => incident.reopenCount), count((incident) => incident.reopenCount > 0)]).toEqual([11, 10]);
    expect([count((incident) => incident.source?.fields['made_sla'] === 'TRUE'), count((incident) => incident.source?.fields['made_sla'] === 'FALSE')]).toEqual([495, 395]);
    expect(sum((incident) => incident.source?.versionsImported ?? 0)).toBe(5998);

    // Entries into an awaiting state: the holds whose start the export shows (9 incidents begin on hold).
    let entries = 0;
    for (const incident of incidents) {
      const holds = await get<{ items: { startSeen: boolean }[]; nextCursor: string | null }>(`/incidents/${incident.id}/holds?limit=100&consistentWith=${summary.position}`);
      expect(holds.body.nextCursor).toBeNull();
      entries += holds.body.items.filter((hold) => hold.startSeen).length;
    }
    expect(entries).toBe(338);

    // An incident keeps its number, and its history shows the source's user and time beside ours.
    const byNumber = await get<Incident & { openedAt: string; openedBy: string }>('/incidents/INC0000045');
    expect(byNumber.body).toMatchObject({ number: 'INC0000045', status: 'closed', openedAt: '2016-02-29T01:16:00.000Z', openedBy: 'servicenow:Opened by  8', source: { system: 'servicenow', instance: 'sample', number: 'INC0000045' } });
    const history = await get<{ items: { actor: string; occurredAt: string; recordedAt: string; type: string; data: { source: { row: number; sysModCount: number; importedBy: string } } }[] }>('/incidents/INC0000045/history?limit=100');
    expect(history.body.items[0]).toMatchObject({ type: 'IncidentVersionImported', actor: 'servicenow:Updated by 21', occurredAt: '2016-02-29T01:23:00.000Z', data: { source: { row: 1, sysModCount: 0 } } });
    expect(history.body.items[0]!.recordedAt > '2026').toBe(true);
    expect(history.body.items[0]!.data.source.importedBy).toMatch(/^import:/);
    // The source's matrix is a version of its own, never in force.
    const matrices = await get<{ imported: { version: string }[]; inForce: { version: string } }>('/priority-matrices');
    expect(matrices.body.imported.map((matrix) => matrix.version)).toEqual(['servicenow-sample']);
    expect(matrices.body.inForce.version).toBe('itil-default-2024.1');

    // New incidents never take an imported number.
    const opened = await http<{ number: string }>('POST', `${platform.url('command-api')}/incidents`, {
      token: platform.token('alice', 'agent'),
      body: { title: 'Mail is down', description: 'Nobody gets mail', caller: 'dave', category: 'software', impact: 2, urgency: 2 },
    });
    expect(opened.body.number).toBe('INC0010001');

    const again = runImport(SAMPLE);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ eventsAppended: 0, versionsAlreadyImported: 5998, incidents: 0, skipped: { total: 0 } });
  });

  it('refuses a file of another format, naming what is wrong, and changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-import-'));
    const other = path.join(dir, 'tickets.csv');
    fs.writeFileSync(other, 'id,title,state\n1,Mail,open\n');
    const before = await get<{ items: unknown[] }>('/audit/events?limit=1&order=desc');
    const refused = runImport(other);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Nothing imported');
    expect(refused.stderr).toContain('missing number, incident_state');
    expect(refused.stderr).toContain('(it has id, title, state)');
    expect((await get<{ items: unknown[] }>('/audit/events?limit=1&order=desc')).body).toEqual(before.body);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
