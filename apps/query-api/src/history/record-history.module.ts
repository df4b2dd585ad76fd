import { Module } from '@nestjs/common';
import { Consistency } from '../consistency';
import { RecordHistoryController } from './record-history.controller';
import { RecordPast } from './record-past';

/** Tickets' histories and past states, read from the log. */
@Module({
  controllers: [RecordHistoryController],
  // The app module's Consistency is not exported to feature modules; it is stateless, so one more is harmless.
  providers: [Consistency, RecordPast],
  exports: [RecordPast],
})
export class RecordHistoryModule {}
