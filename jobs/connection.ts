import { Redis } from 'ioredis';

/**
 * The one Redis connection factory. BullMQ workers need `maxRetriesPerRequest: null` (they block on
 * Redis and must wait through a reconnect rather than fail the job).
 */
export function createRedis(
  url: string,
  options: { lazyConnect?: boolean; connectionName?: string } = {},
): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: options.lazyConnect ?? false,
    connectionName: options.connectionName ?? 'ai-receptionist',
  });
}

/** Answers whether a Redis server answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
