import { Module } from '@nestjs/common';
import { Consistency } from '../consistency';
import { AuditTrailController } from './audit-trail.controller';
import { LogIntegrityController } from './log-integrity.controller';

/** The auditors' reads across every ticket and the log's tamper evidence (the permission table gives /audit/* to auditors alone). */
@Module({
  controllers: [AuditTrailController, LogIntegrityController],
  // The app module's Consistency is not exported to feature modules; it is stateless, so one more is harmless.
  providers: [Consistency],
})
export class AuditQueriesModule {}
