import { Module } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryViewModule } from '@herald/registry-view';
import { ParkingAttendant } from './parking-attendant.js';
import { ParkingLot } from './parking-lot.js';
import { DispatcherParkedTasks1795400000200 } from './parked-tasks.migration.js';
import { DispatcherParkedBacklog1796000000200 } from './parked-backlog.migration.js';
import { DispatcherLz4ParkedTasks1797200000100 } from './lz4-parked-tasks.migration.js';
import { ActorsModule } from '../actors/actors.module.js';

export const PARKING_MIGRATIONS = [
  DispatcherParkedTasks1795400000200,
  DispatcherParkedBacklog1796000000200,
  DispatcherLz4ParkedTasks1797200000100,
];

/** Long waits of delivery tasks in Postgres, and the attendant that brings them back. */
@Module({
  imports: [RegistryViewModule, ActorsModule],
  providers: [
    ParkingLot,
    ParkingAttendant,
    {
      provide: 'PARKED_TASKS_GAUGE',
      useFactory: (lot: ParkingLot, registry: Registry) =>
        new Gauge({
          name: 'herald_dispatcher_parked_tasks',
          help: 'Delivery tasks waiting in the parking lot (Postgres), by reason',
          labelNames: ['reason'],
          registers: [registry],
          async collect() {
            for (const [reason, count] of Object.entries(await lot.counts())) {
              this.set({ reason }, count);
            }
          },
        }),
      inject: [ParkingLot, METRICS_REGISTRY],
    },
  ],
  exports: [ParkingLot],
})
export class ParkingModule {}
