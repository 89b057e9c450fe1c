import { type Logger, type LoggerOptions, pino } from 'pino';
import type { Config } from './config.ts';

export type { Logger } from 'pino';

/**
 * Personal data and secrets live in structured fields so they can be redacted here, in one place,
 * for every log line of every role.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.secret',
  '*.email',
  '*.phone',
  '*.from',
  '*.to',
  '*.callerName',
  '*.transcript',
  '*.utterance',
  '*.text',
];

export function loggerOptions(config: Pick<Config, 'logLevel' | 'env'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    ...(config.env === 'development' && process.stdout.isTTY
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino(loggerOptions(config));
}
