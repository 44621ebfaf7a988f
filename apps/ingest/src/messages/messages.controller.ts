import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { notFound } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { MessageStore, type TenantMessage } from './message-store.js';

/** What `GET /v1/messages/:id` answers; `payload` is the stored text, byte for byte. */
export interface MessageView {
  id: string;
  eventType: string;
  channel: string | null;
  createdAt: string;
  endpointIds: string[] | null;
  payload: string;
}

export function toMessageView(message: TenantMessage): MessageView {
  return {
    id: message.id,
    eventType: message.eventType,
    channel: message.channel,
    createdAt: message.createdAt.toISOString(),
    endpointIds: message.endpointIds,
    payload: message.payload,
  };
}

/**
 * `GET /v1/messages/:id` (any role): one of the caller's messages. The payload
 * is returned as a string holding the exact stored text (re-serialising it as
 * JSON could reorder keys or change numbers). Another tenant's id is a 404.
 */
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
export class MessagesController {
  constructor(private readonly messages: MessageStore) {}

  @Get(':id')
  @RequirePermission('read')
  async get(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<MessageView> {
    const message = await this.messages.findForTenant(principal.tenantId, messageId);
    if (!message) throw notFound(`message "${messageId}"`);
    return toMessageView(message);
  }
}
