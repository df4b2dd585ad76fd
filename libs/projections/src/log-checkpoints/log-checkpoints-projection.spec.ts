import { aBusyLogOf, sealedCheckpointEvents } from '../testing/sealed-checkpoints';
import { replay } from '../testing/replay';
import { logCheckpointsProjection } from './log-checkpoints-projection';

describe('log checkpoints projection', () => {
  it('keeps a copy of each signed checkpoint, by sequence, with where its event sits', async () => {
    const events = await sealedCheckpointEvents(await aBusyLogOf(25), 10);
    const kept = replay(logCheckpointsProjection, [events]);

    expect([...kept.keys()]).toEqual(['000000000001', '000000000002', '000000000003']);
    expect(kept.get('000000000002')).toEqual({
      id: '000000000002',
      _position: events[1]!.position,
      sequence: 2,
      recordedAt: events[1]!.position,
      checkpoint: events[1]!.data,
    });
  });

  it('keeps the first copy: a checkpoint altered in the log later does not overwrite it', async () => {
    const events = await sealedCheckpointEvents(await aBusyLogOf(10), 10);
    const kept = replay(logCheckpointsProjection, [events]);
    const altered = { ...events[0]!, position: '99999999999999999999', data: { ...(events[0]!.data as object), runningHash: 'f'.repeat(64) } };

    expect(replay(logCheckpointsProjection, [[altered]], kept).get('000000000001')?.checkpoint).toEqual(kept.get('000000000001')?.checkpoint);
  });

  it('keeps nothing for an event that is not a checkpoint at all', async () => {
    const [event] = await sealedCheckpointEvents(await aBusyLogOf(10), 10);
    expect(replay(logCheckpointsProjection, [[{ ...event!, data: { sequence: 1, junk: true } }]]).size).toBe(0);
  });
});
