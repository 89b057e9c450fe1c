import { sql } from 'slonik';
import { z } from 'zod';
import type { ZodApp } from '../zod-app.ts';

const Check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

async function timed(check: () => Promise<unknown>): Promise<z.infer<typeof Check>> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export default async function healthRoutes(app: ZodApp) {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const Ready = z.object({ status: z.enum(['ready', 'unavailable']), postgres: Check, redis: Check });
  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Readiness: PostgreSQL and Redis reachable',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        timed(() => app.db.oneFirst(sql.type(z.object({ one: z.number() }))`SELECT 1 AS one`)),
        timed(() => app.redis.ping()),
      ]);
      const ready = postgres.ok && redis.ok;
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'unavailable', postgres, redis });
    },
  );
}
