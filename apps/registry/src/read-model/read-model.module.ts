import { Global, Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { openRegistryBucket } from '@herald/registry-view';
import { ReadModelSync } from './read-model.sync.js';
import { REGISTRY_BUCKET, RegistryPublisher } from './registry-publisher.js';
import { RegistryRows } from './registry-rows.js';

/** Publishing of the registry's read model to the JetStream KV bucket `<ns>_registry`. */
@Global()
@Module({
  providers: [
    { provide: REGISTRY_BUCKET, useFactory: openRegistryBucket, inject: [NatsClient] },
    RegistryPublisher,
    RegistryRows,
    ReadModelSync,
  ],
  exports: [ReadModelSync],
})
export class ReadModelModule {}
