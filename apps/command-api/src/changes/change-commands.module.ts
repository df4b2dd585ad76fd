import { Module } from '@nestjs/common';
import { BlackoutWindowCommandHandler } from './blackout-window-command.handler';
import { BlackoutWindowsController } from './blackout-windows.controller';
import { ChangeCommandHandler } from './change-command.handler';
import { ChangeLookups } from './change-lookups';
import { ChangesController } from './changes.controller';

/** Commands on change requests and blackout windows. */
@Module({
  controllers: [ChangesController, BlackoutWindowsController],
  providers: [ChangeCommandHandler, BlackoutWindowCommandHandler, ChangeLookups],
})
export class ChangeCommandsModule {}
