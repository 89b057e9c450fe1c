import { z } from 'zod';
import { callDetail, callsPage, turnAudioWav } from '../../domain/portal/call-log.ts';
import { ownerDashboard } from '../../domain/portal/dashboard.ts';
import {
  customerSettingsRow,
  ownerSettings,
  updateOwnerSettings,
} from '../../domain/portal/owner-settings.ts';
import { CallDetail, CallSummary, CallsQuery, Dashboard } from '../../domain/portal/schemas.ts';
import { Settings, SettingsUpdate } from '../../domain/portal/settings.ts';
import { safeZone } from '../../lib/time-range.ts';
import { CallParams, CustomerParams, standardErrors } from '../schemas/common.ts';
import type { ZodApp } from '../zod-app.ts';

/** The owner's everyday pages: dashboard, calls with transcripts and audio, settings. */
export default async function portalRoutes(app: ZodApp) {
  app.get(
    '/api/portal/:customerId/dashboard',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Call figures for today, this week, this month and the last 30 days',
        params: CustomerParams,
        response: { 200: Dashboard, ...standardErrors },
      },
    },
    async (request) => ownerDashboard(app.db, request.params.customerId),
  );

  app.get(
    '/api/portal/:customerId/calls',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Calls, newest first; keyset pagination with an opaque cursor',
        params: CustomerParams,
        querystring: CallsQuery,
        response: {
          200: z.object({ calls: z.array(CallSummary), nextCursor: z.string().nullable() }),
          ...standardErrors,
        },
      },
    },
    async (request) =>
      callsPage(app.db, request.params.customerId, request.query, async () =>
        safeZone((await customerSettingsRow(app.db, request.params.customerId)).time_zone),
      ),
  );

  app.get(
    '/api/portal/:customerId/calls/:callId',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'One call with its turn-by-turn transcript and the booking it made',
        params: CallParams,
        response: { 200: CallDetail, ...standardErrors },
      },
    },
    async (request) => callDetail(app.db, request.params.customerId, request.params.callId),
  );

  app.get(
    '/api/portal/:customerId/calls/:callId/turns/:index/audio/:side',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: "A turn's caller or agent audio as a WAV file (8 kHz μ-law)",
        params: CallParams.extend({
          index: z.coerce.number().int().min(0).max(100_000),
          side: z.enum(['caller', 'agent']),
        }),
        response: { 200: z.any(), ...standardErrors },
      },
    },
    async (request, reply) => {
      const { customerId, callId, index, side } = request.params;
      const wav = await turnAudioWav(app.db, customerId, { callId, index, side });
      return reply
        .header('content-type', 'audio/wav')
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', `inline; filename="call-${callId}-turn-${index}-${side}.wav"`)
        .send(wav);
    },
  );

  app.get(
    '/api/portal/:customerId/settings',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Business info, caller responses, notification preferences and forwarding',
        params: CustomerParams,
        response: { 200: Settings, ...standardErrors },
      },
    },
    async (request) => ownerSettings(app.db, request.params.customerId),
  );

  app.post(
    '/api/portal/:customerId/settings/update',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['portal'],
        summary: 'Change settings (partial); the receptionist uses them from the next call',
        params: CustomerParams,
        body: SettingsUpdate,
        response: { 200: Settings, ...standardErrors },
      },
    },
    async (request) => updateOwnerSettings(app.db, request.params.customerId, request.body),
  );
}
