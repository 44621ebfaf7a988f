import { Module } from '@nestjs/common';
import { EndpointControlHandler } from './endpoint-control.handler.js';
import { EndpointDisabler } from './endpoint-disabler.js';

/** Changes to endpoints asked for by other services over `endpoint-control.v1`. */
@Module({
  controllers: [EndpointControlHandler],
  providers: [EndpointDisabler],
})
export class EndpointControlModule {}
