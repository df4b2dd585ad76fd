import { Module } from '@nestjs/common';
import { Consistency } from '../consistency';
import { RecordHistoryModule } from '../history/record-history.module';
import { CiImpactController } from './ci-impact.controller';
import { CisController } from './cis.controller';
import { CmdbAsOfController } from './cmdb-as-of.controller';

/**
 * Queries of the CMDB read models. Consistency is provided here too: the app module's provider is
 * not exported to imported modules (it is stateless, so two instances are harmless).
 */
@Module({
  imports: [RecordHistoryModule],
  controllers: [CisController, CiImpactController, CmdbAsOfController],
  providers: [Consistency],
})
export class CmdbQueriesModule {}
