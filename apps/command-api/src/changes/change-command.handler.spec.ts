import {
  CI_EVENT_SCHEMA_VERSION,
  configurationItemDecider,
  configurationItemStream,
  DEFAULT_APPROVAL_POLICY,
  DEFAULT_CI_CLASS_CATALOGUE,
  DEFAULT_RISK_POLICY,
  type AssessmentRequest,
} from '@itsm/domain';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { RecordNumberAllocator, WritePath, type CommandEnvelope } from '@itsm/write-path';
import { ChangeCommandHandler, ExecuteChangeCommand, type ChangeRequest } from './change-command.handler';
import type { ChangeLookups } from './change-lookups';

const CHANGE = 'c0ffee00-0000-4000-8000-00000000c4a6';
const CIS = ['c0ffee00-0000-4000-8000-0000000000c1', 'c0ffee00-0000-4000-8000-0000000000c2'];
const context = { actor: 'rita', now: '2026-03-02T08:30:00.000Z' };
const envelope = (commandId: string): CommandEnvelope => ({ commandId, correlationId: commandId, actor: 'rita', occurredAt: context.now });
const WINDOW = { start: '2026-03-10T20:00:00.000Z', end: '2026-03-10T23:00:00.000Z' };
const raise: ChangeRequest = {
  type: 'RaiseChange',
  changeId: CHANGE,
  context,
  data: { changeType: 'normal', title: 'Patch', justification: 'CVE', implementationPlan: 'p', backoutPlan: 'b', testPlan: 't', window: WINDOW, affectedCiIds: [CIS[0]!] },
};
const assess: ChangeRequest = { type: 'AssessChange', changeId: CHANGE, context, data: {} };
const moveTo = (ciIds: string[]): ChangeRequest => ({ type: 'UpdateChange', changeId: CHANGE, context, data: { affectedCiIds: ciIds } });

/** Lookups that answer from nothing but record what they were asked. */
function recordingLookups(asked: string[][]): ChangeLookups {
  return {
    assessmentRequest: async (ciIds: readonly string[]): Promise<AssessmentRequest> => {
      asked.push([...ciIds]);
      return { affectedServices: [], pastChanges: { total: 0, failed: 0 }, riskPolicy: DEFAULT_RISK_POLICY, approvalPolicy: DEFAULT_APPROVAL_POLICY };
    },
    conflicts: async () => [],
  } as unknown as ChangeLookups;
}

async function registered(store: EventStore): Promise<void> {
  const writer = new WritePath(store, { conflictRetries: 0 });
  for (const [n, ciId] of CIS.entries()) {
    const command = { type: 'RegisterConfigurationItem', ciId, context, data: { name: `db-${n}`, ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3, classCatalogue: DEFAULT_CI_CLASS_CATALOGUE } } as const;
    await writer.execute({ decider: configurationItemDecider, stream: configurationItemStream(ciId), schemaVersion: CI_EVENT_SCHEMA_VERSION, envelope: envelope(`reg-${n}`), request: command, command: () => command });
  }
}

describe('Change commands on the write path', () => {
  let store: MemoryEventStore;
  beforeEach(async () => {
    store = new MemoryEventStore();
    await registered(store);
  });

  it('an assessment reads its stream once, and answers with what it recorded', async () => {
    const handler = new ChangeCommandHandler(new WritePath(store, { conflictRetries: 2 }), recordingLookups([]), new RecordNumberAllocator(store));
    await handler.execute(new ExecuteChangeCommand(raise, envelope('raise')));
    let reads = 0;
    const counting: EventStore = Object.create(store);
    counting.readStream = async (stream, options) => {
      if (stream === `change-${CHANGE}`) reads += 1;
      return store.readStream(stream, options);
    };
    const outcome = await new ChangeCommandHandler(new WritePath(counting, { conflictRetries: 2 }), recordingLookups([]), new RecordNumberAllocator(counting)).execute(new ExecuteChangeCommand(assess, envelope('assess')));
    expect(reads).toBe(1);
    expect(outcome.events.map((event) => event.type)).toEqual(['ChangeAssessed']);
  });

  it('after a conflict, looks the risk inputs up again for the CIs the change names now', async () => {
    const writer = new WritePath(store, { conflictRetries: 2 });
    await new ChangeCommandHandler(writer, recordingLookups([]), new RecordNumberAllocator(store)).execute(new ExecuteChangeCommand(raise, envelope('raise')));
    // Another command-api moves the change to other CIs between this assessment's load and its append.
    let raced = false;
    const racing: EventStore = Object.create(store);
    racing.append = async (stream, ...rest) => {
      if (!raced && stream === `change-${CHANGE}`) {
        raced = true;
        await new ChangeCommandHandler(new WritePath(store, { conflictRetries: 0 }), recordingLookups([]), new RecordNumberAllocator(store)).execute(new ExecuteChangeCommand(moveTo([CIS[1]!]), envelope('move')));
      }
      return store.append(stream, ...rest);
    };
    const asked: string[][] = [];
    await new ChangeCommandHandler(new WritePath(racing, { conflictRetries: 2 }), recordingLookups(asked), new RecordNumberAllocator(racing)).execute(new ExecuteChangeCommand(assess, envelope('assess')));
    expect(asked).toEqual([[CIS[0]], [CIS[1]]]);
    const assessed = (await store.readStream(`change-${CHANGE}`)).find((event) => event.type === 'ChangeAssessed');
    expect(assessed?.data).toMatchObject({ riskInputs: { affectedCiCount: 1 } });
  });
});
