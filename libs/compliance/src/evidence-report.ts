import type { ChangeEvidence, Nonconformity, SlaCycleEvidence } from '@itsm/domain';

/**
 * The evidence pack's readable report: one HTML file that opens offline (no script, no external
 * reference; the charts are inline SVG drawn here), computed from the pack's own lists, so it is as
 * reproducible as they are: no time of generation in it (that is in the manifest alone).
 */
export interface ReportInput {
  readonly period: { readonly from: string; readonly to: string };
  readonly log: { readonly fromPosition: string | null; readonly toPosition: string | null; readonly events: number; readonly verified: boolean };
  readonly clauses: readonly { readonly clause: string; readonly title: string; readonly records: number; readonly nonconformities: number }[];
  readonly nonconformities: readonly Nonconformity[];
  readonly changes: readonly ChangeEvidence[];
  readonly slaCycles: readonly SlaCycleEvidence[];
}

interface Bar {
  readonly label: string;
  readonly value: number;
  /** Shown on the bar instead of the value (a percentage). */
  readonly text?: string;
}

const WEEK_MS = 7 * 86_400_000;

export function evidenceReportHtml(input: ReportInput): string {
  const { period, log, clauses, nonconformities } = input;
  const byClause = clauses.map(({ clause, title, nonconformities: count }) => ({ label: `${clause} ${title}`, value: count }));
  const rows = nonconformities.map((found) => `<tr><td>${escape(found.clause)}</td><td>${escape(found.kind)}</td><td>${escape(found.record.number ?? found.record.id)}</td><td>${escape(found.at)}</td><td>${escape(found.detail)}</td><td>${found.positions.map(escape).join(' ')}</td></tr>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Evidence pack ${escape(period.from)} to ${escape(period.to)}</title>`,
    '<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.5em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:4px}.ok{color:#176f2c}.broken{color:#b00020}</style>',
    '</head><body>',
    `<h1>ISO/IEC 20000-1 evidence, ${escape(period.from)} to ${escape(period.to)}</h1>`,
    `<p>${log.events} facts of the log, positions ${escape(log.fromPosition ?? '–')} to ${escape(log.toPosition ?? '–')}; the log over them ${log.verified ? '<span class="ok">verifies</span>' : '<span class="broken">does NOT verify</span>'}. The files beside this report hold every record; manifest.json lists their SHA-256 and is signed.</p>`,
    '<table><tr><th>clause</th><th>records</th><th>nonconformities</th></tr>',
    ...clauses.map(({ clause, title, records, nonconformities: count }) => `<tr><td>${escape(clause)} ${escape(title)}</td><td>${records}</td><td>${count}</td></tr>`),
    '</table>',
    chart('Nonconformities by clause', 'nonconformities-by-clause', byClause),
    chart('Changes by type and outcome', 'changes-by-type-and-outcome', changesByTypeAndOutcome(input.changes)),
    chart('Resolution SLA attainment by week (met of met and breached)', 'attainment-by-week', attainmentByWeek(input.slaCycles, period.from)),
    '<h2>Nonconformities</h2>',
    rows.length === 0 ? '<p>None.</p>' : ['<table><tr><th>clause</th><th>kind</th><th>record</th><th>at</th><th>what</th><th>log positions</th></tr>', ...rows, '</table>'].join('\n'),
    '</body></html>',
    '',
  ].join('\n');
}

function changesByTypeAndOutcome(changes: readonly ChangeEvidence[]): Bar[] {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const outcome = change.outcome ?? (change.cancelledAt !== null ? 'cancelled' : change.implementationStartedAt !== null ? 'implementing' : 'not implemented');
    const label = `${change.changeType}: ${outcome}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({ label, value }));
}

function attainmentByWeek(cycles: readonly SlaCycleEvidence[], from: string): Bar[] {
  const weeks = new Map<number, { met: number; breached: number }>();
  for (const cycle of cycles.filter((candidate) => candidate.metric === 'resolution' && candidate.verdict !== 'in_progress')) {
    const week = Math.floor((Date.parse(cycle.startedAt) - Date.parse(from)) / WEEK_MS);
    const tally = weeks.get(week) ?? { met: 0, breached: 0 };
    tally[cycle.verdict === 'met' ? 'met' : 'breached']++;
    weeks.set(week, tally);
  }
  return [...weeks].sort(([a], [b]) => a - b).map(([week, { met, breached }]) => {
    const percentage = Math.round((met / (met + breached)) * 1000) / 10;
    return { label: `week of ${new Date(Date.parse(from) + week * WEEK_MS).toISOString().slice(0, 10)}`, value: percentage, text: `${percentage} % (${met} of ${met + breached})` };
  });
}

/** A horizontal bar chart as inline SVG; an empty one says so. */
function chart(caption: string, id: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return `<figure id="${id}"><figcaption>${escape(caption)}</figcaption><p>Nothing in the period.</p></figure>`;
  const [labelWidth, barWidth, rowHeight] = [260, 360, 24];
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const height = bars.length * rowHeight + 8;
  const drawn = bars.map((bar, index) => {
    const y = 4 + index * rowHeight;
    const width = Math.max(1, Math.round((bar.value / max) * barWidth));
    return [
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 6}" fill="#3b6ea5"><title>${escape(bar.text ?? String(bar.value))}</title></rect>`,
      `<text x="${labelWidth + width + 6}" y="${y + 16}">${escape(bar.text ?? String(bar.value))}</text>`,
    ].join('');
  });
  return `<figure id="${id}"><figcaption>${escape(caption)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 160}" height="${height}" role="img" aria-label="${escape(caption)}" font-size="12">${drawn.join('')}</svg></figure>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
