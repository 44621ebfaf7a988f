import { Module } from '@nestjs/common';
import { PauseModule } from '../pause/pause.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { HealthPartitions } from './health-partitions.js';

/** The partition leases of this replica (see `PartitionLeases`). */
@Module({
  imports: [WindowsModule, PauseModule, PoliciesModule],
  providers: [HealthPartitions],
  exports: [HealthPartitions],
})
export class PartitionsModule {}
