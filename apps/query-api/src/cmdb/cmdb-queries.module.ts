import { Module } from '@nestjs/common';

/** Queries of the CMDB read models. */
@Module({})
export class CmdbQueriesModule {}
