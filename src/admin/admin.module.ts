import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { AuthModule } from '../auth';
import { InspectedQueues } from './inspected-queues';
import { QueueDashboard } from './queue-dashboard';

/** GET /admin/queues: the BullMQ dashboard for ADMIN keys, and the queue-depth gauge. */
@Module({
  imports: [AuthModule, AuditModule],
  providers: [InspectedQueues, QueueDashboard],
})
export class AdminModule {}
