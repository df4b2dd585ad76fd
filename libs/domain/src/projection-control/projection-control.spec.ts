import { fold } from '../shared/decider';
import { projectionControlDecider, type ProjectionControlCommand, type ProjectionControlEvent } from './projection-control';

const context = { actor: 'ada', now: '2026-11-30T11:00:00.000Z' };
const POISON = { position: '00000000000000000042', stream: 'incident-i-1', type: 'IncidentEdited', eventId: 'e-42', reason: 'Cannot read properties of undefined' };
const pause = (position = POISON.position): ProjectionControlCommand => ({ type: 'PauseProjection', projection: 'incident_detail_v8', data: { ...POISON, position }, context });
const resume = (data: object): ProjectionControlCommand => ({ type: 'ResumeProjection', projection: 'incident_detail_v8', data: { position: POISON.position, mode: 'retry', reason: 'fixed in 1.4.2', ...data } as never, context });
const after = (events: readonly ProjectionControlEvent[]) => fold(projectionControlDecider, events);
const paused: ProjectionControlEvent = { type: 'ProjectionPaused', data: { projection: 'incident_detail_v8', ...POISON } };

describe('A projection stopped by an event it cannot apply', () => {
  it('records the pause with the event and the reason, once however often the projector meets it', () => {
    expect(projectionControlDecider.decide(pause(), after([]))).toEqual([paused]);
    expect(projectionControlDecider.decide(pause(), after([paused]))).toEqual([]);
    expect(after([paused]).paused).toEqual(POISON);
  });

  it('goes on when an admin orders it, retrying or skipping the event named, with a reason', () => {
    for (const mode of ['retry', 'skip'] as const) {
      const [resumed] = projectionControlDecider.decide(resume({ mode }), after([paused]));
      expect(resumed).toEqual({ type: 'ProjectionResumed', data: { projection: 'incident_detail_v8', position: POISON.position, mode, reason: 'fixed in 1.4.2' } });
      expect(after([paused, resumed!])).toEqual({ paused: null, lastResume: { position: POISON.position, mode } });
    }
  });

  it('refuses an order when it is not paused, or paused at another event, or without a reason or a known mode', () => {
    const refused = (command: ProjectionControlCommand, events: readonly ProjectionControlEvent[]) => {
      try {
        projectionControlDecider.decide(command, after(events));
      } catch (error) {
        return error as { code: string; details: Record<string, unknown> };
      }
      throw new Error('accepted');
    };
    expect(refused(resume({}), [])).toMatchObject({ code: 'projection.not_paused' });
    expect(refused(resume({ position: '00000000000000000007' }), [paused])).toMatchObject({ code: 'projection.paused_elsewhere', details: { pausedAt: POISON.position } });
    expect(refused(resume({ reason: ' ' }), [paused])).toMatchObject({ code: 'projection.invalid_field', details: { field: 'reason' } });
    expect(refused(resume({ mode: 'ignore' }), [paused])).toMatchObject({ code: 'projection.invalid_field', details: { field: 'mode' } });
  });
});
