import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { InspectedQueues } from './inspected-queues';
import { QueueDashboard } from './queue-dashboard';

/** GET /admin/queues: the BullMQ dashboard for ADMIN keys, and the queue-depth gauge. */
@Module({
  imports: [AuthModule],
  providers: [InspectedQueues, QueueDashboard],
})
export class AdminModule {}
