import { DispatcherDeadLetterReasons1796000000100 } from './dead-letter-reasons.migration.js';
import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { DeadLetterReader } from './dead-letter.reader.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { DispatcherDeadLetters1795400000000 } from './dead-letters.migration.js';
import { DispatcherLz4DeadLetters1797200000000 } from './lz4-dead-letters.migration.js';
import { EndpointRecoveryController } from './endpoint-recovery.controller.js';
import { ReplayJobs } from './replay-jobs.service.js';
import { ReplayPacer } from './replay-pacer.js';
import { ReplayRunner } from './replay-runner.js';
import { ReplayStore } from './replay.store.js';
import { ReplaysController } from './replays.controller.js';
import { DispatcherReplays1795400000100 } from './replays.migration.js';

/** This folder's tables; AppModule hands them to DatabaseModule. */
export const DEAD_LETTER_MIGRATIONS = [
  DispatcherDeadLetters1795400000000,
  DispatcherReplays1795400000100,
  DispatcherDeadLetterReasons1796000000100,
  DispatcherLz4DeadLetters1797200000000,
];

/**
 * Dead letters: the delivery engine records chains that gave up through
 * `DeadLetterStore`; operators list them, replay them in bulk or recover an
 * endpoint through the tenant API, as paced, audited, restart-proof jobs.
 */
@Module({
  imports: [ApiAuthModule],
  controllers: [DeadLettersController, EndpointRecoveryController, ReplaysController],
  providers: [
    DeadLetterStore,
    DeadLetterReader,
    ReplayStore,
    ReplayPacer,
    ReplayRunner,
    ReplayJobs,
  ],
  exports: [DeadLetterStore],
})
export class DeadLettersModule {}
