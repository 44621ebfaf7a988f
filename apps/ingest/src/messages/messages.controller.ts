import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { notFound, parseInput, type Page } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { MessageStore, type TenantMessage } from './message-store.js';

/** A message as the API shows it; `payload` and `body` are the stored text, byte for byte. */
export interface MessageView {
  id: string;
  eventType: string;
  eventVersion: number;
  channel: string | null;
  createdAt: string;
  endpointIds: string[] | null;
  payload: string;
  /** What receivers get (the payload with the event type's envelope, if any). */
  body: string;
}

export function toMessageView(message: TenantMessage): MessageView {
  return {
    id: message.id,
    eventType: message.eventType,
    eventVersion: message.eventVersion,
    channel: message.channel,
    createdAt: message.createdAt.toISOString(),
    endpointIds: message.endpointIds,
    payload: message.payload,
    body: message.body,
  };
}

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  eventType: z.string().min(1).max(128).optional(),
  channel: z.string().min(1).max(128).optional(),
  since: instant.optional(),
  until: instant.optional(),
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
export class MessagesController {
  constructor(private readonly messages: MessageStore) {}

  @Get()
  @RequirePermission('read')
  async list(
    @Principal() principal: TenantPrincipal,
    @Query() query: unknown,
  ): Promise<Page<MessageView>> {
    const page = await this.messages.list(principal.tenantId, parseInput(listQuerySchema, query));
    return { data: page.data.map(toMessageView), nextCursor: page.nextCursor };
  }

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
