import { runIncidentLifecycle, runProjectorRestart } from './support/incident-lifecycle-scenario';
import { http, Platform } from './support/platform-processes';

/** The walking skeleton end to end on the embedded default: three real processes on a temp data dir. */
jest.setTimeout(60_000);

describe('an incident from open to close, across the three apps (embedded SQLite)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await Platform.start();
  });
  afterAll(() => platform?.stop());

  it('shows every step in the incident detail and the work queues', async () => {
    await runIncidentLifecycle(platform);
  });

  it('loses and duplicates nothing when the projector is killed and restarted', async () => {
    await runProjectorRestart(platform);
  });

  it('every app answers /health without a token', async () => {
    for (const app of ['command-api', 'query-api', 'projector'] as const) {
      const answer = await http<{ status: string }>('GET', `${platform.url(app)}/health`);
      expect({ app, status: answer.status, body: answer.body.status }).toEqual({ app, status: 200, body: 'up' });
    }
  });
});
