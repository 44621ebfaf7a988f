import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { REGISTRY_KEYS, type EndpointControl } from '@herald/contracts';
import { PermanentMessageError } from '@herald/messaging';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { isUuid } from '../uuid.js';
import { EndpointDisabler, type DisableRequest } from './endpoint-disabler.js';

/**
 * Consumes `endpoint-control.v1` (the dispatcher disables an endpoint that
 * answered 410 Gone). Invariants: a command changes only an endpoint that
 * exists and belongs to the command's tenant — any other command is logged
 * and acked, never retried; applying a command twice is the same as once;
 * the endpoint's view is republished before this returns (the transport
 * acks after), also when it was already disabled, so a redelivery after a
 * crash between commit and publish still reaches the read model. A command
 * whose `at` is not a time is malformed: it is terminated.
 */
@Controller()
export class EndpointControlHandler {
  private readonly logger = new Logger(EndpointControlHandler.name);

  constructor(
    private readonly disabler: EndpointDisabler,
    private readonly sync: ReadModelSync,
  ) {}

  @EventPattern<string>('endpoint-control.v1')
  async handle(@Payload() command: EndpointControl): Promise<void> {
    switch (command.action) {
      case 'disable': {
        const request = disableRequest(command);
        if (request) return this.disable(request);
        this.logger.warn(
          `disable (${command.reason}) ignored: no endpoint ${command.endpointId} of tenant ${command.tenantId}`,
        );
        return;
      }
    }
  }

  private async disable(request: DisableRequest): Promise<void> {
    const outcome = await this.disabler.disable(request);
    const endpoint = `endpoint ${request.endpointId} of tenant ${request.tenantId}`;
    if (outcome === 'not_found') {
      this.logger.warn(`disable (${request.reason}) ignored: no ${endpoint}`);
      return;
    }
    await this.sync.published([REGISTRY_KEYS.endpoint(request.endpointId)]);
    if (outcome === 'disabled') this.logger.log(`${endpoint} disabled: ${request.reason}`);
  }
}

/** The command's fields checked beyond its schema; null when it names no possible endpoint. */
export function disableRequest(command: EndpointControl): DisableRequest | null {
  const at = new Date(command.at);
  if (Number.isNaN(at.getTime())) {
    throw new PermanentMessageError('invalid_command', `"at" is not a time: ${command.at}`);
  }
  if (!isUuid(command.endpointId) || !isUuid(command.tenantId)) return null;
  return { endpointId: command.endpointId, tenantId: command.tenantId, reason: command.reason, at };
}
