import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { INGEST_CONFIG, type IngestConfig } from '../config.js';
import { MessagesModule } from '../messages/messages.module.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { ResendAudit } from './resend-audit.js';
import { ResendRateLimiter } from './resend-rate-limiter.js';
import { ResendService } from './resend.service.js';
import { ResendsController } from './resends.controller.js';

/** Operator resends of one message to one endpoint: rate-limited, audited, published. */
@Module({
  imports: [ApiAuthModule, MessagesModule],
  controllers: [ResendsController],
  providers: [
    ResendService,
    ResendAudit,
    {
      provide: ResendRateLimiter,
      useFactory: (config: IngestConfig, clock: Clock) =>
        new ResendRateLimiter(
          { ratePerSecond: config.HERALD_RESEND_RATE, burst: config.HERALD_RESEND_BURST },
          clock,
        ),
      inject: [INGEST_CONFIG, CLOCK],
    },
  ],
})
export class ResendsModule {}
