import { Module } from '@nestjs/common';

/** Queries of the change read models. */
@Module({})
export class ChangeQueriesModule {}
