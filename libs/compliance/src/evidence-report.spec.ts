import type { ChangeEvidence, Nonconformity, SlaCycleEvidence } from '@itsm/domain';
import { evidenceReportHtml, type ReportInput } from './evidence-report';

const change = (changeType: 'normal' | 'emergency', outcome: string | null): ChangeEvidence =>
  ({ changeId: `c-${changeType}-${outcome}`, changeType, outcome, cancelledAt: null, implementationStartedAt: outcome === null ? null : '2026-03-10T10:00:00.000Z' }) as unknown as ChangeEvidence;
const cycle = (startedAt: string, verdict: SlaCycleEvidence['verdict']): SlaCycleEvidence => ({ incidentId: 'i', number: null, metric: 'resolution', cycle: 1, policy: 'standard@1', priority: 3, assignmentGroup: null, startedAt, verdict });
const INPUT: ReportInput = {
  period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
  log: { fromPosition: '00000000000000000001', toPosition: '00000000000000000041', events: 41, verified: true },
  clauses: [{ clause: '8.5.1', title: 'Change management', records: 3, nonconformities: 1 }, { clause: '8.6.1', title: 'Incident management', records: 2, nonconformities: 0 }],
  nonconformities: [{ clause: '8.5.1', kind: 'approver_is_requester', record: { kind: 'change', id: 'c1', number: 'CHG0001' }, at: '2026-03-02T09:00:00.000Z', detail: '<script>alert("x")</script> approved', positions: ['00000000000000000007'] } as Nonconformity],
  changes: [change('normal', 'successful'), change('normal', 'successful'), change('emergency', null)],
  slaCycles: [cycle('2026-03-02T09:00:00.000Z', 'met'), cycle('2026-03-03T09:00:00.000Z', 'breached'), cycle('2026-03-10T09:00:00.000Z', 'met'), cycle('2026-03-11T09:00:00.000Z', 'in_progress')],
};

describe("The evidence pack's report", () => {
  const html = evidenceReportHtml(INPUT);
  const chart = (id: string) => new RegExp(`<figure id="${id}">.*?</figure>`, 's').exec(html)?.[0] ?? '';
  const bars = (id: string) => [...chart(id).matchAll(/<rect class="bar"[^>]*><title>([^<]*)<\/title>/g)].map((match) => match[1]);

  it('draws its three charts as inline SVG from the pack\'s lists', () => {
    expect(bars('nonconformities-by-clause')).toEqual(['1', '0']);
    expect(bars('changes-by-type-and-outcome')).toEqual(['1', '2']);
    // Week of 1 March: 1 met of 2; week of 8 March: 1 of 1 (the cycle in progress has no verdict yet).
    expect(bars('attainment-by-week')).toEqual(['50 % (1 of 2)', '100 % (1 of 1)']);
  });

  it('opens offline and runs nothing: no script, no external reference, what people typed escaped', () => {
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; approved');
  });

  it('is the same text for the same lists, and says so when a chart has nothing to show', () => {
    expect(evidenceReportHtml(INPUT)).toBe(html);
    expect(evidenceReportHtml({ ...INPUT, slaCycles: [] })).toContain('<figure id="attainment-by-week"><figcaption>Resolution SLA attainment by week (met of met and breached)</figcaption><p>Nothing in the period.</p></figure>');
  });
});
