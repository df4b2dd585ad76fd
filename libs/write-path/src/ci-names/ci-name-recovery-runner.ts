import {
  CI_EVENT_SCHEMA_VERSION,
  ciNameDecider,
  ciNameStream,
  configurationItemDecider,
  configurationItemStream,
  decideCiNameRecovery,
  type CiNameIntent,
  type CommandContext,
  type ReleaseCiName,
} from '@itsm/domain';
import { ConcurrencyError, type NewEvent } from '@itsm/event-store/port';
import type { CommandEnvelope, WrittenEvent } from '../command-envelope';
import type { WritePath } from '../write-path';
import type { CiCommandProtocol } from './ci-command-protocol';

/** Who the log names for what recovery does. */
export const RECOVERY_ACTOR = 'system:ci-name-recovery';

/** What recovery did for one name: nothing, finished the command, released the name, or lost a race (try again later). */
export type CiNameRecoveryOutcome = 'none' | 'completed' | 'released' | 'conflict';

/**
 * Runs the domain's recovery decision (ci-name-recovery.ts) for one held name: reads the name and
 * its holder's CI stream from the log, then finishes the interrupted command by appending its
 * intent's events at the revision they were decided on, or releases the name at the name stream's
 * revision it read. Both appends are exact, and the ids deterministic, so a second projector, a
 * retrying client or a slow command-api doing the same at the same time changes nothing twice.
 */
export class CiNameRecoveryRunner {
  constructor(
    private readonly writer: WritePath,
    private readonly protocol: CiCommandProtocol,
  ) {}

  async recover(normalisedName: string, now: Date): Promise<CiNameRecoveryOutcome> {
    const name = await this.writer.load(ciNameDecider, ciNameStream(normalisedName));
    if (name.state.status === 'free') return 'none';
    const { ciId, intent } = name.state;
    const ciStream = configurationItemStream(ciId);
    const ci = await this.writer.load(configurationItemDecider, ciStream);
    const intentLanded = intent !== undefined && (await this.landed(ciStream, intent));
    const context = { actor: RECOVERY_ACTOR, now: now.toISOString() };
    const action = decideCiNameRecovery({ name: name.state, ci: ci.state, ciRevision: ci.revision, intentLanded }, context);
    switch (action.kind) {
      case 'none':
        return 'none';
      case 'complete':
        return this.complete(ciStream, action.intent, context);
      case 'release':
        return this.release(action.command, name.revision, context);
    }
  }

  private async landed(ciStream: string, intent: CiNameIntent): Promise<boolean> {
    const [next] = await this.writer.store.readStream(ciStream, { from: intent.ciRevision + 1, max: 1 });
    return next?.metadata.commandId === intent.commandId;
  }

  private async complete(ciStream: string, intent: CiNameIntent, context: CommandContext): Promise<CiNameRecoveryOutcome> {
    const events = intent.events as unknown as NewEvent[];
    try {
      await this.writer.store.append(ciStream, events, intent.ciRevision < 0 ? 'no_stream' : intent.ciRevision);
    } catch (error) {
      if (error instanceof ConcurrencyError) return 'conflict';
      throw error;
    }
    this.writer.cache.forget(ciStream);
    const written = events.map((event, index): WrittenEvent => ({ ...event, revision: intent.ciRevision + 1 + index }));
    // The same step ids as the interrupted command, so a client retrying it finds them done.
    await this.protocol.releaseAfter(written, envelope(intent.commandId, context), context);
    return 'completed';
  }

  private async release(command: ReleaseCiName, nameRevision: number, context: CommandContext): Promise<CiNameRecoveryOutcome> {
    const stream = ciNameStream(command.name);
    const commandId = `recovery/${stream}/${nameRevision}`;
    try {
      await this.writer.execute({
        decider: ciNameDecider,
        stream,
        schemaVersion: CI_EVENT_SCHEMA_VERSION,
        // At the revision read: a reservation made since means this decision no longer holds.
        envelope: { ...envelope(commandId, context), expectedRevision: nameRevision, repeatable: 'stream' },
        request: command,
        command: () => command,
      });
      return 'released';
    } catch (error) {
      if (error instanceof ConcurrencyError) return 'conflict';
      throw error;
    }
  }
}

function envelope(commandId: string, context: CommandContext): CommandEnvelope {
  return { commandId, correlationId: commandId, actor: context.actor, occurredAt: context.now };
}
