import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects otherwise. */
  check: () => Promise<void>;
  /** A dependency the service can limp without (USSD answers without Redis). */
  optional?: boolean;
}

const TIMEOUT_MS = 1000;

async function run(c: ReadinessCheck): Promise<{ name: string; ok: boolean; optional: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
  });
  try {
    await Promise.race([c.check(), timeout]);
    return { name: c.name, ok: true, optional: c.optional ?? false };
  } catch {
    return { name: c.name, ok: false, optional: c.optional ?? false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process answers. `/readyz`: 200 when every required dependency answers, 503 otherwise;
 * an optional one that is down is reported (`degraded`) without failing readiness, because USSD still
 * answers without Redis.
 */
export function createHealthRouter(checks: ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(checks.map(run));
    const failedRequired = results.some((r) => !r.ok && !r.optional);
    const degraded = results.some((r) => !r.ok && r.optional);
    const status = failedRequired ? 'unavailable' : degraded ? 'degraded' : 'ready';
    res.status(failedRequired ? 503 : 200).json({
      status,
      checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'up' : 'down'])),
    });
  });
  return router;
}
