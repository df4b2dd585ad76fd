import { Module } from '@nestjs/common';

/** Commands on configuration items (CMDB). */
@Module({})
export class CmdbCommandsModule {}
