import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Who a media stream belongs to; stored under a single-use token (Twilio forbids query strings). */
export interface StreamGrant {
  callId: string;
  customerId: string;
  callType: 'phone' | 'demo';
  callSid: string | null;
  callerNumber: string | null;
}

const TTL_SEC = 120;

/** Single-use stream tokens in Redis: issued with the TwiML (or demo start), consumed by GETDEL. */
export class StreamTokens {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = `${prefix}:stream-token:`;
  }

  async issue(grant: StreamGrant, ttlSec = TTL_SEC): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.redis.set(this.prefix + token, JSON.stringify(grant), 'EX', ttlSec);
    return token;
  }

  /** The grant, exactly once; null for unknown, expired or already used tokens. */
  async consume(token: string | undefined): Promise<StreamGrant | null> {
    if (!token || !/^[\w-]{16,64}$/.test(token)) return null;
    const raw = await this.redis.getdel(this.prefix + token);
    return raw ? (JSON.parse(raw) as StreamGrant) : null;
  }
}
