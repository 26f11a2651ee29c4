import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { Queues } from '../queue/queues';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboardAuth {
  user?: string | undefined;
  password?: string | undefined;
}

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, behind HTTP basic auth (ADMIN_QUEUES_USER and
 * ADMIN_QUEUES_PASSWORD). Without both, nothing is mounted and the path is a plain 404. Operators use it
 * to see failures and to resume the SMS queue after a top-up (it pauses itself on an empty balance).
 * Job data shows sealed numbers and SMS texts only, never a number in clear.
 */
export function createQueueDashboard(
  queues: Pick<Queues, 'sms' | 'reports' | 'schedules'>,
  auth: QueueDashboardAuth,
): Router {
  const router = Router();
  if (!auth.user || !auth.password) return router;
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [queues.sms, queues.reports, queues.schedules].map((q) => new BullMQAdapter(q)),
    serverAdapter,
  });
  router.use(QUEUE_DASHBOARD_PATH, basicAuth(auth.user, auth.password), serverAdapter.getRouter() as Router);
  return router;
}

/** Compares digests, so the comparison takes the same time whatever the length of what was sent. */
function basicAuth(user: string, password: string): RequestHandler {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const expected = digest(`${user}:${password}`);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
    const given = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    if (given.length > 0 && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res
      .set('www-authenticate', 'Basic realm="queues", charset="UTF-8"')
      .status(401)
      .send('Authentication required');
  };
}
