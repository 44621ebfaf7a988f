import { Module } from '@nestjs/common';
import { RejectionReporter } from './rejection-reporter.js';
import { REPLICA_ID, replicaId } from './replica-id.js';

/** Counts rejected tasks per endpoint and reports them on `deferral.v1`. */
@Module({
  providers: [RejectionReporter, { provide: REPLICA_ID, useFactory: replicaId }],
  exports: [RejectionReporter],
})
export class RejectionsModule {}
