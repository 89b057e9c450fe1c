import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../config/config.ts';
import { ConfigError } from '../../config/env.ts';

const base = { SESSION_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: 'cd'.repeat(32), DATA_DIR: '.data/test' };

describe('configuration contract', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({ ...base });
    expect(config.http).toEqual({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      shutdownGraceMs: 30_000,
    });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.role).toBe('all');
    expect(config.voice.sttProviders).toEqual(['local']);
    expect(config.voice.llmProviders).toEqual(['builtin']);
  });

  it('parses ordered provider chains', () => {
    const config = loadConfig({ ...base, STT_PROVIDERS: 'deepgram, ibm ,local', TTS_PROVIDERS: 'ibm' });
    expect(config.voice.sttProviders).toEqual(['deepgram', 'ibm', 'local']);
    expect(config.voice.ttsProviders).toEqual(['ibm']);
  });

  it('names every bad variable', () => {
    const attempt = () => loadConfig({ ...base, PORT: 'eighty', ROLE: 'boss', TWILIO_ACCOUNT_SID: 'XX1' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['PORT', 'ROLE', 'TWILIO_ACCOUNT_SID']);
    }
  });

  it('requires secrets, database and public URL in production', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
        'SESSION_SECRET',
        'ENCRYPTION_KEY',
        'DATABASE_URL',
        'PUBLIC_URL',
      ]);
    }
  });

  it('never shows secrets or URL passwords in its description', () => {
    const config = loadConfig({
      ...base,
      ADMIN_TOKEN: 'super-secret-admin-token',
      DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/receptionist',
    });
    const text = JSON.stringify(describeConfig(config));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('super-secret-admin-token');
    expect(text).not.toContain(base.SESSION_SECRET);
    expect(text).toContain('db.internal');
  });
});
