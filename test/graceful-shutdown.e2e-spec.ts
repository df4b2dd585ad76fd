import path from 'node:path';
import { SqliteEventStore } from '@itsm/event-store';
import { http, Platform } from './support/platform-processes';

jest.setTimeout(60_000);

const INCIDENT = { title: 'Printer offline', description: 'Floor 3', caller: 'bob', category: 'hardware', impact: 3, urgency: 3 };
const COMMANDS = 200;

/** How a request ended: its status, or the network error's code (a reset mid-answer, or a refused connection). */
const outcomeOf = (request: Promise<{ status: number }>) => request.then((answer) => answer.status, (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed');

describe('The command API asked to stop (SIGTERM) while commands are under way', () => {
  it('finishes every command it had begun before it exits: each answered, each in the log, none half done', async () => {
    const platform = await Platform.start();
    try {
      const token = platform.token('ann', 'agent');
      const requests = Array.from({ length: COMMANDS }, () => outcomeOf(http('POST', `${platform.url('command-api')}/incidents`, { token, body: INCIDENT })));
      // Stopped once the first is answered: the others are then under way, however busy the machine.
      await new Promise<void>((resolve) => requests.forEach((request) => void request.then((outcome) => outcome === 201 && resolve())));
      await platform.terminate('command-api');
      const outcomes = await Promise.all(requests);

      // Requests the server had not begun when it stopped are refused or reset, and change nothing; every
      // one it had begun finishes: its answer sent, its events in the log, nothing of it left half done.
      const answered = outcomes.filter((outcome) => outcome === 201).length;
      expect(answered).toBeGreaterThan(0);
      const log = SqliteEventStore.open({ filename: path.join(platform.dataDir, 'events.sqlite') });
      try {
        const types = (await log.readAll()).map((event) => event.type);
        const count = (type: string) => types.filter((recorded) => recorded === type).length;
        expect({ opened: count('IncidentOpened'), numbered: count('RecordNumberAssigned') }).toEqual({ opened: answered, numbered: answered });
      } finally {
        await log.close();
      }
    } finally {
      await platform.stop();
    }
  });
});
