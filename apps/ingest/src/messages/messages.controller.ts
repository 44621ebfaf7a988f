import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiErrors,
  ApiPageRoute,
  mapPage,
  notFound,
  pageQueryFields,
  ValidQuery,
  type Page,
} from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { MessageStore, type MessageQuery } from './message-store.js';
import {
  messagePageSchema,
  messageViewSchema,
  toMessageView,
  type MessageView,
} from './message.response.js';

const unknownMessage = (messageId: string) => notFound(`message "${messageId}"`);

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const listQuerySchema = z.strictObject({
  ...pageQueryFields(),
  eventType: z.string().min(1).max(128).optional(),
  channel: z.string().min(1).max(128).optional(),
  since: instant.optional().meta({ description: 'Accepted at or after (ISO 8601).' }),
  until: instant.optional().meta({ description: 'Accepted before (ISO 8601).' }),
});

/**
 * Messages (any reading role). `GET /v1/messages?eventType=&channel=&since=&until=&limit=&cursor=`
 * lists the caller's messages newest first → `{ data, nextCursor }`;
 * `GET /v1/messages/:id` reads one. Payloads are strings holding the exact
 * stored text (re-serialising could reorder keys or change numbers). Another
 * tenant's id is a 404.
 */
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
@ApiTags('messages')
export class MessagesController {
  constructor(private readonly messages: MessageStore) {}

  @Get()
  @ApiPageRoute(
    {
      operationId: 'listMessages',
      summary: "List the tenant's messages, newest first",
      description: 'Filter by event type, channel and time; keyset pagination.',
    },
    messagePageSchema,
    listQuerySchema,
  )
  @RequirePermission('read')
  async list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(listQuerySchema) query: MessageQuery,
  ): Promise<Page<MessageView>> {
    return mapPage(await this.messages.list(principal.tenantId, query), toMessageView);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMessage', summary: 'Read a stored message' })
  @ApiParam({ name: 'id', description: 'Message id (`msg_…`).' })
  @RequirePermission('read')
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
