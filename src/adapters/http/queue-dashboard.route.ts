import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, behind `guard` — in the service, the console login
 * for admins (`createRequireRole(deps)('admin')`). Operators use it to see failures and to resume the SMS
 * queue after a top-up (it pauses itself on an empty balance). Job data shows sealed numbers and SMS
 * texts only, never a number in clear.
 */
export function createQueueDashboard(queues: readonly Queue[], guard: RequestHandler | Router): Router {
  const router = Router();
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
  });
  router.use(QUEUE_DASHBOARD_PATH, guard, serverAdapter.getRouter() as Router);
  return router;
}
