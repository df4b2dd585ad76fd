#!/usr/bin/env python3
"""Figures of the ServiceNow incident event log sample, for planning the history importer.

Reads the CSV (standard library only) and prints what docs/servicenow-import-mapping.md relies on:
rows and incidents, versions and their sys_mod_count gaps, final states and priorities, reassignments,
reopens, entries into awaiting states, made_sla, state transitions, the impact x urgency -> priority
table, which columns change, how actors and times are written, and the oddities.

Source of the data: "Incident management process enriched event log" (Amaral, Fantinato, Peres;
UCI Machine Learning Repository, CC BY 4.0), first 5,998 rows, as described in
/work/shared/datasets/README.md.

Usage: python3 scripts/analysis/servicenow-sample-figures.py [path-to-csv]
"""

import collections
import csv
import datetime
import re
import sys

DEFAULT_PATH = '/work/shared/datasets/servicenow-incident-event-log-sample.csv'

EXPECTED_HEADER = [
    'number', 'incident_state', 'active', 'reassignment_count', 'reopen_count', 'sys_mod_count', 'made_sla',
    'caller_id', 'opened_by', 'opened_at', 'sys_created_by', 'sys_created_at', 'sys_updated_by', 'sys_updated_at',
    'contact_type', 'location', 'category', 'subcategory', 'u_symptom', 'cmdb_ci', 'impact', 'urgency', 'priority',
    'assignment_group', 'assigned_to', 'knowledge', 'u_priority_confirmation', 'notify', 'problem_id', 'rfc',
    'vendor', 'caused_by', 'closed_code', 'resolved_by', 'resolved_at', 'closed_at',
]
EMPTY = '?'
TIME_COLUMNS = ['opened_at', 'sys_created_at', 'sys_updated_at', 'resolved_at', 'closed_at']
TIME_FORMAT = '%d-%m-%Y %H:%M'
TIME_PATTERN = re.compile(r'\d{2}-\d{2}-\d{4} \d{2}:\d{2}')
ACTOR_COLUMNS = ['caller_id', 'opened_by', 'sys_created_by', 'sys_updated_by', 'assigned_to', 'resolved_by']
# Columns that say when and by whom a version was written, not what the incident is.
VERSION_META = {'sys_mod_count', 'sys_updated_by', 'sys_updated_at'}
PRIORITY_LABELS = ['1 - Critical', '2 - High', '3 - Moderate', '4 - Low', '5 - Planning']
# Our out-of-the-box matrix (libs/domain/src/incident/priority-matrix.ts, itil-default-2024.1): rows[impact-1][urgency-1].
DEFAULT_MATRIX = [[1, 2, 3], [2, 3, 4], [3, 4, 5]]


def heading(title):
    print()
    print('== ' + title)


def leading_number(label):
    """'2 - Medium' -> 2."""
    return int(label.split(' - ', 1)[0])


def parse_time(text):
    return datetime.datetime.strptime(text, TIME_FORMAT)


def is_awaiting(state):
    return state.startswith('Awaiting')


def read(path):
    raw = open(path, 'rb').read()
    facts = {
        'bytes': len(raw),
        'utf8_bom': raw.startswith(b'\xef\xbb\xbf'),
        'non_ascii_bytes': sum(1 for b in raw if b > 127),
        'crlf_lines': raw.count(b'\r\n'),
        'lf_lines': raw.count(b'\n'),
        'double_quotes': raw.count(b'"'),
    }
    # utf-8-sig drops a BOM if there is one; newline='' lets csv handle CRLF and quoted line breaks.
    with open(path, newline='', encoding='utf-8-sig') as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = []
        for line_number, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                raise SystemExit(f'line {line_number}: {len(cells)} cells, header has {len(header)}')
            row = dict(zip(header, cells))
            row['_row'] = line_number - 2  # 0-based position among the data rows, i.e. file order
            rows.append(row)
    return header, rows, facts


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PATH
    header, rows, facts = read(path)
    C = collections.Counter

    heading('File')
    print(f'path: {path}')
    print(f"bytes {facts['bytes']}, UTF-8 BOM: {facts['utf8_bom']}, non-ASCII bytes: {facts['non_ascii_bytes']}, "
          f"line endings: {facts['crlf_lines']} CRLF of {facts['lf_lines']} lines, double quotes in file: {facts['double_quotes']}")
    print(f'header ({len(header)} columns): ' + ','.join(header))
    print(f'header as expected: {header == EXPECTED_HEADER}')

    # Incidents in file order; each incident's rows in file order.
    by_incident = collections.OrderedDict()
    for row in rows:
        by_incident.setdefault(row['number'], []).append(row)
    blocks = sum(1 for i, row in enumerate(rows) if i == 0 or rows[i - 1]['number'] != row['number'])

    def by_mod(versions):
        """Ordered by sys_mod_count, ties kept in file order."""
        return sorted(versions, key=lambda r: (int(r['sys_mod_count']), r['_row']))

    ordered = {n: by_mod(v) for n, v in by_incident.items()}
    in_file_order = {n: list(v) for n, v in by_incident.items()}
    last = {n: v[-1] for n, v in ordered.items()}  # highest sys_mod_count (ties: the later row)

    heading('Rows and incidents')
    print(f'rows (versions): {len(rows)}')
    print(f'incidents (distinct number): {len(by_incident)}; contiguous blocks of one number: {blocks}; '
          f'numbers ascending in the file: {list(by_incident) == sorted(by_incident)} '
          f'({next(iter(by_incident))} .. {next(reversed(by_incident))})')
    pairs = C((r['number'], r['sys_mod_count']) for r in rows)
    print(f'distinct (number, sys_mod_count): {len(pairs)}; pairs written twice: '
          f'{sorted((n, int(m)) for (n, m), k in pairs.items() if k > 1)}')
    print(f'identical rows: {len(rows) - len(set(tuple(r[c] for c in header) for r in rows))}')
    last_is_last_row = all(last[n] is by_incident[n][-1] for n in by_incident)
    print(f"each incident's highest sys_mod_count is its last row in the file: {last_is_last_row}")
    sizes = C(len(v) for v in by_incident.values())
    print(f'versions per incident: min {min(sizes)}, max {max(sizes)}, most common {sizes.most_common(5)}')
    print(f"highest sys_mod_count: {max(int(r['sys_mod_count']) for r in rows)}")

    heading('Versions per incident, ordered by sys_mod_count (ties in file order)')
    for number, versions in ordered.items():
        marks = []
        file_mods = [int(r['sys_mod_count']) for r in in_file_order[number]]
        if file_mods != sorted(file_mods):
            marks.append(f'file order {file_mods}')
        print(f"{number}: {[int(r['sys_mod_count']) for r in versions]}" + (f"  ({'; '.join(marks)})" if marks else ''))

    heading('Gaps in sys_mod_count')
    with_gap = missing = 0
    inner_incidents = inner_missing = 0
    without_zero = []
    for number, versions in ordered.items():
        mods = {int(r['sys_mod_count']) for r in versions}
        absent = [m for m in range(0, max(mods) + 1) if m not in mods]
        if absent:
            with_gap += 1
            missing += len(absent)
        absent_inside = [m for m in range(min(mods), max(mods) + 1) if m not in mods]
        if absent_inside:
            inner_incidents += 1
            inner_missing += len(absent_inside)
        if 0 not in mods:
            without_zero.append(number)
    print(f'counting 0..max: {with_gap} incidents have gaps, {missing} versions missing in total '
          f'(rows + missing = {len(rows) + missing}, less the duplicated pairs: {len(pairs) + missing} = sum of (max+1))')
    print(f'counting min..max only: {inner_incidents} incidents, {inner_missing} versions missing')
    print(f'incidents without version 0: {len(without_zero)} {without_zero}')

    heading('Final version (highest sys_mod_count) of each incident')
    print(f"incident_state: {dict(C(r['incident_state'] for r in last.values()))}")
    print(f"active: {dict(C(r['active'] for r in last.values()))}")
    final_priorities = C(r['priority'] for r in last.values())
    print('priority: ' + ', '.join(f'{label}: {final_priorities.get(label, 0)}' for label in PRIORITY_LABELS))
    print(f"made_sla: {dict(C(r['made_sla'] for r in last.values()))}")

    heading('Reassignments')
    print(f"sum of reassignment_count on each incident's last version: {sum(int(r['reassignment_count']) for r in last.values())}")
    print(f"incidents with reassignment_count > 0 at the end: {sum(1 for r in last.values() if int(r['reassignment_count']) > 0)}")
    print(f"reassignment_count on the first version, summed: file order {sum(int(v[0]['reassignment_count']) for v in in_file_order.values())}, "
          f"sys_mod_count order {sum(int(v[0]['reassignment_count']) for v in ordered.values())}")
    for label, order in (('sys_mod_count order', ordered), ('file order', in_file_order)):
        group = assignee = either = between_set = rises = 0
        kinds = C()
        for versions in order.values():
            for before, after in zip(versions, versions[1:]):
                group_changed = before['assignment_group'] != after['assignment_group']
                assignee_changed = before['assigned_to'] != after['assigned_to']
                group += group_changed
                assignee += assignee_changed
                either += group_changed or assignee_changed
                between_set += group_changed and EMPTY not in (before['assignment_group'], after['assignment_group'])
                step = int(after['reassignment_count']) - int(before['reassignment_count'])
                rises += max(step, 0)
                if step:
                    if not group_changed:
                        kind = 'group unchanged'
                    elif before['assignment_group'] == EMPTY:
                        kind = 'group ? -> set'
                    elif after['assignment_group'] == EMPTY:
                        kind = 'group set -> ?'
                    else:
                        kind = 'group set -> other'
                    kinds[(step, kind)] += 1
                elif group_changed:
                    kinds[(0, 'group changed, count did not')] += 1
        print(f'{label}: consecutive versions where assignment_group changes: {group}; assigned_to changes: {assignee}; '
              f'either changes: {either}; group changes between two set groups (no ?): {between_set}; '
              f'sum of rises of reassignment_count: {rises}')
        print(f'  count steps by what the group did: {sorted(kinds.items())}')
    print('  a change of assigned_to alone never moves the count (see the steps above)')
    # Our rule (docs/adr/0004): filling what is empty is an assignment, changing a set group or a set
    # assignee is a reassignment; clearing either has no command.
    ours = C()
    for versions in in_file_order.values():
        for b, a in zip(versions, versions[1:]):
            before, after = (b['assignment_group'], b['assigned_to']), (a['assignment_group'], a['assigned_to'])
            if before == after:
                continue
            if before[0] == EMPTY and after[0] == EMPTY:
                ours['assignee changes with no group on either side (our state cannot hold it)'] += 1
            elif after[0] == EMPTY or (after[1] == EMPTY and before[1] != EMPTY and after[0] == before[0]):
                ours['clears the group or the assignee (no command of ours)'] += 1
            elif before[0] == EMPTY or (after[0] == before[0] and before[1] == EMPTY):
                ours['assignment (fills what was empty)'] += 1
            else:
                ours['reassignment (changes a set group or assignee)'] += 1
    print(f'  the same changes read with our assign/reassign rule (file order): {dict(ours)}')

    heading('Reopens')
    reopened = [r for r in last.values() if int(r['reopen_count']) > 0]
    print(f"sum of reopen_count on the last version: {sum(int(r['reopen_count']) for r in last.values())} over {len(reopened)} incidents "
          f"(distribution {dict(C(r['reopen_count'] for r in last.values()))})")
    for label, order in (('sys_mod_count order', ordered), ('file order', in_file_order)):
        back = sum(1 for v in order.values() for b, a in zip(v, v[1:]) if b['incident_state'] == 'Resolved' and a['incident_state'] == 'Active')
        rises = sum(max(int(a['reopen_count']) - int(b['reopen_count']), 0) for v in order.values() for b, a in zip(v, v[1:]))
        print(f'{label}: consecutive versions Resolved -> Active: {back}; rises of reopen_count: {rises}')
        resolutions = sum(1 for v in order.values() for b, a in zip(v, v[1:])
                          if a['incident_state'] == 'Resolved' and b['incident_state'] != 'Resolved')
        resolutions += sum(1 for v in order.values() if v[0]['incident_state'] == 'Resolved')
        print(f'{label}: entries into Resolved from another state, plus first versions already Resolved: {resolutions}')

    heading('Entries into an awaiting state (incident_state starting with "Awaiting")')
    for label, order in (('sys_mod_count order', ordered), ('file order', in_file_order)):
        from_non_awaiting = from_other_state = 0
        for versions in order.values():
            for before, after in zip(versions, versions[1:]):
                if is_awaiting(after['incident_state']) and before['incident_state'] != after['incident_state']:
                    from_other_state += 1
                    if not is_awaiting(before['incident_state']):
                        from_non_awaiting += 1
        starts = sum(1 for v in order.values() if is_awaiting(v[0]['incident_state']))
        print(f'{label}: from a state that is not awaiting: {from_non_awaiting}; from any different state '
              f'(also Awaiting X -> Awaiting Y): {from_other_state}; incidents whose first version is already awaiting: {starts}')
    print('awaiting versions and the reference column of the same row:')
    for state in sorted({r['incident_state'] for r in rows if is_awaiting(r['incident_state'])}):
        in_state = [r for r in rows if r['incident_state'] == state]
        filled = {c: sum(1 for r in in_state if r[c] != EMPTY) for c in ('problem_id', 'rfc', 'vendor', 'caused_by')}
        print(f'  {state}: {len(in_state)} rows; rows with problem_id/rfc/vendor/caused_by set: {filled}')

    heading('made_sla')
    print(f"on the last version: {dict(C(r['made_sla'] for r in last.values()))}")
    print(f"on the first version: {dict(C(r['made_sla'] for r in (v[0] for v in ordered.values())))}")
    flips = C((b['made_sla'], a['made_sla'], a['incident_state']) for v in ordered.values() for b, a in zip(v, v[1:]) if b['made_sla'] != a['made_sla'])
    print(f'changes (from, to, state of the later version): {dict(flips)}')
    print(f"rows with made_sla FALSE: {sum(1 for r in rows if r['made_sla'] == 'FALSE')}")

    heading('incident_state values and transitions between consecutive versions (sys_mod_count order)')
    print(f"values (rows): {dict(C(r['incident_state'] for r in rows).most_common())}")
    print(f"first version: {dict(C(v[0]['incident_state'] for v in ordered.values()).most_common())}")
    transitions = C((b['incident_state'], a['incident_state']) for v in ordered.values() for b, a in zip(v, v[1:]))
    for (before, after), count in sorted(transitions.items()):
        print(f'  {before} -> {after}: {count}')
    file_transitions = C((b['incident_state'], a['incident_state']) for v in in_file_order.values() for b, a in zip(v, v[1:]))
    differing = {k: (transitions.get(k, 0), file_transitions.get(k, 0)) for k in set(transitions) | set(file_transitions)
                 if transitions.get(k, 0) != file_transitions.get(k, 0)}
    print(f'transitions that count differently in file order ((sys_mod_count order, file order)): {dict(sorted(differing.items()))}')
    print(f"first version in file order: {dict(C(v[0]['incident_state'] for v in in_file_order.values()).most_common())}")
    print(f"active vs state: {dict(C((r['active'], r['incident_state'] == 'Closed') for r in rows))} ((active, is Closed) -> rows)")

    heading('impact x urgency -> priority, as the rows have it')
    cells = C((r['impact'], r['urgency'], r['priority']) for r in rows)
    observed = collections.defaultdict(set)
    for (impact, urgency, priority), count in sorted(cells.items()):
        observed[(leading_number(impact), leading_number(urgency))].add(leading_number(priority))
        print(f'  impact {impact} x urgency {urgency} -> {priority}: {count} rows')
    print('  matrix (rows: impact 1..3, columns: urgency 1..3; "-" never seen), with the default where it differs:')
    for impact in (1, 2, 3):
        cells_text = []
        for urgency in (1, 2, 3):
            seen = observed.get((impact, urgency))
            default = DEFAULT_MATRIX[impact - 1][urgency - 1]
            if not seen:
                cells_text.append(f'- (default {default})')
            else:
                value = '/'.join(str(p) for p in sorted(seen))
                cells_text.append(value if seen == {default} else f'{value} (default {default})')
        print(f'    impact {impact}: ' + ' | '.join(cells_text))
    print(f'  one priority per (impact, urgency): {all(len(s) == 1 for s in observed.values())}')

    heading('Columns: incidents in which the value changes after the first version')
    print('  column: incidents with more than one value / consecutive versions that differ / rows with "?" / distinct values')
    for column in header:
        changing = sum(1 for v in ordered.values() if len({r[column] for r in v}) > 1)
        steps = sum(1 for v in ordered.values() for b, a in zip(v, v[1:]) if b[column] != a[column])
        empty = sum(1 for r in rows if r[column] == EMPTY)
        distinct = len({r[column] for r in rows})
        print(f'  {column}: {changing} / {steps} / {empty} / {distinct}')
    same = sum(1 for v in ordered.values() for b, a in zip(v, v[1:]) if all(b[c] == a[c] for c in header if c not in VERSION_META))
    print(f'consecutive versions that differ only in sys_mod_count, sys_updated_by, sys_updated_at: {same}')

    heading('Actors and times')
    for column in ACTOR_COLUMNS:
        values = [r[column] for r in rows if r[column] != EMPTY]
        shapes = C(re.sub(r'\d+', 'N', v) for v in values)
        print(f"  {column}: shapes {dict(shapes)}; distinct {len(set(values))}; '?' rows {sum(1 for r in rows if r[column] == EMPTY)}")
    top = C(r['sys_updated_by'] for r in rows).most_common(1)[0]
    print(f"  most frequent sys_updated_by: {top[0]} ({top[1]} rows), by state {dict(C(r['incident_state'] for r in rows if r['sys_updated_by'] == top[0]))}")
    print(f"  Closed versions by who wrote them: {dict(C(r['sys_updated_by'] for r in rows if r['incident_state'] == 'Closed').most_common())}")
    for column in TIME_COLUMNS:
        present = [r[column] for r in rows if r[column] != EMPTY]
        malformed = [v for v in present if not TIME_PATTERN.fullmatch(v)]
        parsed = [parse_time(v) for v in present if TIME_PATTERN.fullmatch(v)]
        days_over_12 = sum(1 for v in present if int(v[:2]) > 12)
        print(f"  {column}: {len(present)} set, {len(rows) - len(present)} '?', {len(malformed)} not dd-mm-yyyy hh:mm; "
              f'first {min(parsed)}, last {max(parsed)}; values whose first field exceeds 12 (so it is the day): {days_over_12}')
    print('  no seconds and no zone are written; 29-02-2016 parses, so the year is 2016 as written')

    heading('Oddities')
    backwards = {}
    for label, order in (('sys_mod_count order', ordered), ('file order', in_file_order)):
        found = [(n, b['sys_mod_count'], b['sys_updated_at'], a['sys_mod_count'], a['sys_updated_at'])
                 for n, v in order.items() for b, a in zip(v, v[1:])
                 if parse_time(a['sys_updated_at']) < parse_time(b['sys_updated_at'])]
        backwards[label] = found
        print(f'sys_updated_at going back between consecutive versions, {label}: {len(found)} {found}')
    before_open = [(r['number'], r['sys_mod_count'], r['sys_updated_at'], r['opened_at']) for r in rows
                   if parse_time(r['sys_updated_at']) < parse_time(r['opened_at'])]
    print(f'versions updated before opened_at: {len(before_open)} {before_open}')
    created_before = sum(1 for v in ordered.values() if v[0]['sys_created_at'] != EMPTY and parse_time(v[0]['sys_created_at']) < parse_time(v[0]['opened_at']))
    print(f'incidents with sys_created_at before opened_at: {created_before}')
    print(f"incidents with sys_created_by/sys_created_at '?': {sum(1 for v in ordered.values() if v[0]['sys_created_at'] == EMPTY)}")
    closed_again = {n: sum(1 for r in v if r['incident_state'] == 'Closed') for n, v in ordered.items()}
    print(f'incidents with more than one Closed version: {[(n, k) for n, k in closed_again.items() if k > 1]}')
    print(f"closed_at equals the last version's sys_updated_at: {sum(1 for r in last.values() if r['closed_at'] == r['sys_updated_at'])} of {len(last)}")
    first_resolved = [n for n, v in ordered.items() if v[0]['incident_state'] == 'Resolved']
    no_resolved_at = [n for n, v in ordered.items() if v[0]['resolved_at'] == EMPTY]
    print(f'incidents whose first version is already Resolved: {len(first_resolved)}; with resolved_at "?": {len(no_resolved_at)}; '
          f'the same incidents: {set(first_resolved) == set(no_resolved_at)}')
    matches = sum(1 for n, v in ordered.items() if v[0]['resolved_at'] != EMPTY
                  and v[0]['resolved_at'] in {r['sys_updated_at'] for r in v if r['incident_state'] == 'Resolved'})
    print(f'resolved_at equal to the sys_updated_at of one of its Resolved versions: {matches}')
    constant = [c for c in ('closed_code', 'resolved_by', 'resolved_at', 'closed_at', 'caller_id', 'opened_by', 'opened_at',
                            'sys_created_by', 'sys_created_at', 'cmdb_ci')
                if all(len({r[c] for r in v}) == 1 for v in ordered.values())]
    print(f'columns with one value per incident across all its versions (final values written on every version): {constant}')
    new_with_assignee = sum(1 for r in rows if r['incident_state'] == 'New' and r['assigned_to'] != EMPTY)
    print(f'versions in state New with an assignee: {new_with_assignee}')
    print(f"versions with an assignee and no group: {sum(1 for r in rows if r['assignment_group'] == EMPTY and r['assigned_to'] != EMPTY)}")
    assign_in_resolved = sum(1 for v in ordered.values() for b, a in zip(v, v[1:])
                             if b['incident_state'] == a['incident_state'] == 'Resolved'
                             and (b['assignment_group'], b['assigned_to']) != (a['assignment_group'], a['assigned_to']))
    print(f'assignment changes between two Resolved versions: {assign_in_resolved}')
    assignment_when = C((b['incident_state'], a['incident_state']) for v in in_file_order.values() for b, a in zip(v, v[1:])
                        if (b['assignment_group'], b['assigned_to']) != (a['assignment_group'], a['assigned_to']))
    into_resolved = sum(k for (b, a), k in assignment_when.items() if a == 'Resolved' and b != 'Resolved')
    print(f'assignment changes by (state before, state after), file order: {dict(sorted(assignment_when.items()))}; '
          f'on a step into Resolved: {into_resolved}')
    reclassified_when = C((b['incident_state'], a['incident_state']) for v in ordered.values() for b, a in zip(v, v[1:])
                          if (b['impact'], b['urgency']) != (a['impact'], a['urgency']))
    print(f'impact/urgency changes by (state before, state after): {dict(reclassified_when)}')
    double_space = {c: sum(1 for r in rows if '  ' in r[c]) for c in header if any('  ' in r[c] for r in rows)}
    print(f'columns with a double space inside values (e.g. "Opened by  8"): {double_space}')
    single_valued = {c: next(iter({r[c] for r in rows})) for c in header if len({r[c] for r in rows}) == 1}
    print(f'columns with a single value in the whole file: {single_valued}')
    for column in ('closed_code', 'resolved_at', 'opened_by', 'cmdb_ci'):
        print(f"incidents with {column} '?': {sum(1 for v in ordered.values() if v[0][column] == EMPTY)}")
    print(f"closed_code values: {dict(C(r['closed_code'] for r in rows).most_common())}")


if __name__ == '__main__':
    main()
