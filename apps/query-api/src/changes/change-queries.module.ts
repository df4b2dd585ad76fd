import { Module } from '@nestjs/common';
import { Consistency } from '../consistency';
import { RecordHistoryModule } from '../history/record-history.module';
import { ChangesQueryController } from './changes.controller';

/** Queries of the change read models. */
@Module({
  imports: [RecordHistoryModule],
  controllers: [ChangesQueryController],
  // The app module's Consistency is not exported to feature modules; it is stateless, so one more is harmless.
  providers: [Consistency],
})
export class ChangeQueriesModule {}
