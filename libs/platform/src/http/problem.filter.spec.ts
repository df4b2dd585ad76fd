import { Logger, type ArgumentsHost } from '@nestjs/common';
import { ChainBrokenError, EventStoreUnavailableError } from '@itsm/event-store';
import { PersonalDataVaultUnavailableError } from '@itsm/personal-data';
import { ReadStoreUnavailableError } from '@itsm/read-store';
import { DomainError } from '@itsm/domain';
import { ProblemFilter } from './problem.filter';

/** The filter's answers are specified through the apps' HTTP specs; here, what it tells operators. */
describe('ProblemFilter', () => {
  const answer = (exception: unknown) => {
    const sent: { status?: number; body?: string } = {};
    const reply = {
      status: (status: number) => ((sent.status = status), reply),
      headers: () => reply,
      send: (body: string) => ((sent.body = body), reply),
    };
    const host = { switchToHttp: () => ({ getRequest: () => ({ url: '/incidents/1/assign' }), getResponse: () => reply }) } as unknown as ArgumentsHost;
    new ProblemFilter().catch(exception, host);
    return { status: sent.status, body: JSON.parse(sent.body ?? '{}') as Record<string, unknown> };
  };
  let logged: jest.SpyInstance;
  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => logged.mockRestore());

  it('logs a fault of ours with its stack, and tells the caller no more than that it happened', () => {
    const fault = new Error('undefined is not a function');
    expect(answer(fault)).toMatchObject({ status: 500, body: { code: 'internal', detail: 'An unexpected error occurred; it has been logged' } });
    expect(logged).toHaveBeenCalledWith(fault.stack);
  });

  it('raises an integrity alarm in the log when a command meets a broken hash chain', () => {
    const broken = new ChainBrokenError({ position: '00000000000000000007', stream: 'incident-1', revision: 3, reason: 'hash_mismatch', detail: 'altered' });
    expect(answer(broken)).toMatchObject({ status: 500, body: { code: 'integrity.chain_broken', firstBreak: { revision: 3 } } });
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^INTEGRITY ALARM: The hash chain of incident-1 is broken at revision 3/));
  });

  it('answers 503, to be retried, when the log, the read store or the vault is down, each by its own code', () => {
    const down = [new EventStoreUnavailableError('connection refused'), new ReadStoreUnavailableError('connection refused'), new PersonalDataVaultUnavailableError('its writer thread stopped (exit code 1)')];
    expect(down.map((error) => answer(error))).toEqual([
      { status: 503, body: expect.objectContaining({ code: 'event_store.unavailable' }) },
      { status: 503, body: expect.objectContaining({ code: 'read_store.unavailable' }) },
      { status: 503, body: expect.objectContaining({ code: 'personal_data.vault_unavailable', detail: 'The personal data vault is unavailable: its writer thread stopped (exit code 1)' }) },
    ]);
    expect(logged).not.toHaveBeenCalled();
  });

  it('logs nothing for a refusal of the caller’s request', () => {
    expect(answer(new DomainError('incident.closed', 'closed', 'conflict'))).toMatchObject({ status: 409 });
    expect(logged).not.toHaveBeenCalled();
  });
});
