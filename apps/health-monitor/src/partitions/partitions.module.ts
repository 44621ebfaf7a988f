import { Module } from '@nestjs/common';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { HealthPartitions } from './health-partitions.js';

/** The partition leases of this replica (see `PartitionLeases`). */
@Module({
  imports: [WindowsModule, EnforcementModule],
  providers: [HealthPartitions],
  exports: [HealthPartitions],
})
export class PartitionsModule {}
