import { Module } from '@nestjs/common';
import { Consistency } from '../consistency';
import { RecordHistoryModule } from '../history/record-history.module';
import { ProblemsQueryController } from './problems.controller';

/** Queries of the problem read model. */
@Module({
  imports: [RecordHistoryModule],
  controllers: [ProblemsQueryController],
  // The app module's Consistency is not exported to feature modules; it is stateless, so one more is harmless.
  providers: [Consistency],
})
export class ProblemQueriesModule {}
