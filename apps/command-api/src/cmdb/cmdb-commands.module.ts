import { Module } from '@nestjs/common';
import { CiCommandHandler } from './ci-command.handler';
import { CisController } from './cis.controller';

/** Commands on configuration items (CMDB). The bus (CqrsModule) and the stores are global. */
@Module({
  controllers: [CisController],
  providers: [CiCommandHandler],
})
export class CmdbCommandsModule {}
