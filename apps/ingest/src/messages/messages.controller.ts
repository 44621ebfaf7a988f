import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, ApiErrors, ApiKeyAuth, notFound } from '@herald/http-api';
import { ApiKeyGuard, Principal, type TenantPrincipal } from '@herald/registry-view';
import { MessageStore } from './message-store.js';
import { messageViewSchema, toMessageView, type MessageView } from './message.response.js';

const unknownMessage = (messageId: string) => notFound(`message "${messageId}"`);

/**
 * `GET /v1/messages/:id` (any role): one of the caller's messages. The payload
 * is returned as a string holding the exact stored text (re-serialising it as
 * JSON could reorder keys or change numbers). Another tenant's id is a 404.
 */
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
@ApiTags('messages')
export class MessagesController {
  constructor(private readonly messages: MessageStore) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getMessage', summary: 'Read a stored message' })
  @ApiParam({ name: 'id', description: 'Message id (`msg_…`).' })
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 200, standardSchema: messageViewSchema, description: 'the message' })
  @ApiErrors({
    error: unknownMessage('msg_0000'),
    when: "no message with this id in the key's tenant",
  })
  async get(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<MessageView> {
    const message = await this.messages.findForTenant(principal.tenantId, messageId);
    if (!message) throw unknownMessage(messageId);
    return toMessageView(message);
  }
}
