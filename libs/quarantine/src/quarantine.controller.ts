import {
  Controller,
  Get,
  Inject,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  AdminTokenAuth,
  apiSchema,
  ApiErrors,
  invalidInput,
  missingBearer,
  unauthorized,
  ValidQuery,
} from '@herald/http-api';
import { QuarantineStore } from './quarantine.store.js';

export const QUARANTINE_ADMIN_TOKEN = Symbol('QUARANTINE_ADMIN_TOKEN');

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).meta({ description: 'Page size.' }),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: '`nextBefore` of the previous page.' }),
});

const quarantinedSchema = z.object({
  id: z.string(),
  topic: z.string(),
  subject: z.string(),
  streamSequence: z.number().int(),
  deliveries: z.number().int(),
  code: z.string(),
  reason: z.string(),
  data: z
    .string()
    .meta({ description: 'The message as stored (NUL and non-UTF-8 bytes escaped).' }),
  quarantinedAt: z.string(),
});
const pageSchema = apiSchema(
  z.object({
    data: z.array(quarantinedSchema),
    nextBefore: z
      .string()
      .nullable()
      .meta({ description: 'Pass back as `before` for the next page; null on the last.' }),
  }),
  {
    description: 'Newest first.',
    example: {
      data: [
        {
          id: '42',
          topic: 'attempt.v1',
          subject: 'herald.attempt.v1.8.3f6c1a1e-0d8b-4c43-9d55-0c1c0b5e7a10',
          streamSequence: 18211,
          deliveries: 5,
          code: 'processing_failed',
          reason: 'failed 5 times; last error: invalid input syntax for type timestamp',
          data: '{"attemptId":"msg_1:ep_1:1","at":"not a time"}',
          quarantinedAt: '2026-12-02T15:04:05.000Z',
        },
      ],
      nextBefore: null,
    },
  },
);

/** The operators' token (`HERALD_ADMIN_TOKEN`), compared in constant time; without one configured, 401. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(QUARANTINE_ADMIN_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!given) throw missingBearer('admin token');
    const digest = (text: string) => createHash('sha256').update(text).digest();
    if (this.token === undefined || !timingSafeEqual(digest(given), digest(this.token))) {
      throw unauthorized('wrong admin token');
    }
    return true;
  }
}

/** `GET /v1/quarantine` — the messages this service's consumers gave up, newest first (operators). */
@Controller('v1/quarantine')
@UseGuards(AdminTokenGuard)
@ApiTags('quarantine')
export class QuarantineController {
  constructor(private readonly store: QuarantineStore) {}

  @Get()
  @ApiOperation({
    operationId: 'listQuarantine',
    summary: 'Internal messages this service gave up',
    description:
      'Messages a consumer of this service could not process (undecodable, permanently ' +
      'refused, or failing every attempt), with the reason and the message; newest first.',
  })
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: pageSchema, description: 'a page of the quarantine' })
  @ApiErrors(invalidInput(querySchema, { limit: '0' }, '`limit` is not 1 to 500'))
  async list(@ValidQuery(querySchema) { limit, before }: z.infer<typeof querySchema>) {
    const data = await this.store.list(limit, before ?? null);
    return { data, nextBefore: data.length === limit ? data[data.length - 1]!.id : null };
  }
}
