import { Module } from '@nestjs/common';

/** Commands on change requests and blackout windows. */
@Module({})
export class ChangeCommandsModule {}
