import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from './connection.ts';

export class RedisUnavailableError extends Error {}

export interface LocalRedis {
  url: string;
  /** Present when this process started the server. */
  stop?: () => Promise<void>;
}

function findOnPath(binary: string): string | null {
  const which = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

/**
 * Uses the Redis at `url` if it answers; otherwise starts `redis-server` from PATH on that port
 * under `dataDir` (development only: nothing persisted). Fails with the command that fixes it.
 */
export async function ensureRedis(url: string, dataDir: string): Promise<LocalRedis> {
  if (await redisAnswers(url)) return { url };
  const target = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname);
  const binary = findOnPath('redis-server');
  if (!local || !binary) {
    throw new RedisUnavailableError(
      `Redis is not answering at ${target.host}${binary ? '' : ' and no redis-server is on PATH'}. ` +
        'Install redis-server, start one with `docker compose -f docker-compose.dev.yml up -d redis`, or set REDIS_URL.',
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = target.port || '6379';
  const child: ChildProcess = spawn(
    binary,
    ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 200)) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          await new Promise((resolve) => child.once('exit', resolve));
        },
      };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(
    `redis-server on port ${port} did not start; try \`docker compose -f docker-compose.dev.yml up -d redis\`.`,
  );
}
