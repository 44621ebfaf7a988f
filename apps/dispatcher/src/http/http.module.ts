import { Logger, Module } from '@nestjs/common';
import { AddressPolicy, addressPolicyFrom } from '@herald/ssrf';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { USER_AGENT } from '../version.js';
import { SENDER_SETTINGS, WebhookSender, type SenderSettings } from './webhook-sender.js';

/** The HTTP side of delivery: SSRF policy from the environment and the sender. */
@Module({
  providers: [
    {
      provide: AddressPolicy,
      useFactory: (config: DispatcherConfig) => addressPolicyFrom(config, new Logger('SsrfGuard')),
      inject: [DISPATCHER_CONFIG],
    },
    {
      provide: SENDER_SETTINGS,
      useFactory: (config: DispatcherConfig): SenderSettings => ({
        defaultTimeoutMs: config.HERALD_REQUEST_TIMEOUT,
        userAgent: USER_AGENT,
        retryAfterCapMs: config.HERALD_RETRY_AFTER_CAP,
      }),
      inject: [DISPATCHER_CONFIG],
    },
    WebhookSender,
  ],
  exports: [WebhookSender],
})
export class HttpModule {}
