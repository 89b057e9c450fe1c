import { CheckExclusionConstraintViolationError } from 'slonik';
import { cancelAppointment, insertAppointment, setExternalEventId } from '../../db/appointments.ts';
import {
  findConnection,
  markDisconnected,
  updateTokens,
  upsertConnection,
} from '../../db/calendar-connections.ts';
import type { CommonQueryMethods, DatabasePool } from '../../db/pool.ts';
import { dispatchNotifications } from '../../jobs/outbox.ts';
import type { JobQueues } from '../../jobs/queues.ts';
import { createSealer } from '../../lib/sealer.ts';
import type {
  BookingRequest,
  BookingResult,
  CalendarService,
  Slot,
} from '../../voice/agent/calendar-port.ts';
import { loadBusinessProfile } from '../business/profile.ts';
import { queueBookingAlerts } from './booking-alerts.ts';
import { builtinBusy } from './builtin.ts';
import { CalendarAuthError } from './errors.ts';
import type { ConnectedAccount, ExternalCalendar } from './external.ts';
import { type CalendarConfig, type ExternalProvider, ExternalProviders } from './providers.ts';
import { computeFreeSlots, overlapsAny, withinOpeningHours } from './slots.ts';

export interface CalendarLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface CalendarDeps {
  pool: DatabasePool;
  config: CalendarConfig;
  logger?: CalendarLogger;
  now?: () => Date;
  /** Hands booking alerts to the workers right after commit (the outbox sweeper is the fallback). */
  queues?: JobQueues;
}

/** The calendar module shared by the voice agent and the onboarding routes. */
export interface CalendarModule extends CalendarService {
  /** Busy intervals from our bookings plus the connected calendar (if any). */
  busy(customerId: string, range: { from: Date; to: Date }): Promise<Slot[]>;
  isConfigured(provider: ExternalProvider): boolean;
  consentUrl(provider: ExternalProvider, state: string): string;
  exchangeCode(provider: ExternalProvider, code: string): Promise<ConnectedAccount>;
  /** Stores a freshly authorised account (tokens encrypted) as the customer's calendar. */
  connect(
    db: CommonQueryMethods,
    customerId: string,
    provider: ExternalProvider,
    account: ConnectedAccount,
  ): Promise<void>;
  useBuiltin(db: CommonQueryMethods, customerId: string): Promise<void>;
}

export class AppointmentNotFoundError extends Error {
  constructor() {
    super('appointment not found');
    this.name = 'AppointmentNotFoundError';
  }
}

const MINUTE_MS = 60_000;
const ALTERNATIVES = 3;

export function createCalendarService(deps: CalendarDeps): CalendarModule {
  const { pool, config } = deps;
  const sealer = createSealer(config.secrets);
  const providers = new ExternalProviders(config);
  const now = deps.now ?? (() => new Date());
  const warn = (fields: Record<string, unknown>, message: string) => deps.logger?.warn(fields, message);

  /** The customer's connected external calendar, or null (built-in, disconnected, not configured). */
  async function external(customerId: string): Promise<ExternalCalendar | null> {
    const conn = await findConnection(pool, customerId);
    if (conn?.status !== 'connected' || conn.provider === 'builtin' || !conn.access_token_enc) return null;
    const provider = conn.provider;
    const keeper = {
      tokens: {
        accessToken: sealer.open(conn.access_token_enc),
        refreshToken: conn.refresh_token_enc ? sealer.open(conn.refresh_token_enc) : null,
        expiresAt: conn.token_expires_at,
      },
      save: (t: { accessToken: string; refreshToken: string | null; expiresAt: number | null }) =>
        updateTokens(pool, customerId, {
          accessTokenEnc: sealer.seal(t.accessToken),
          refreshTokenEnc: t.refreshToken ? sealer.seal(t.refreshToken) : null,
          tokenExpiresAt: t.expiresAt,
        }),
    };
    const calendar = providers.calendar(provider, keeper, conn.calendar_id);
    if (!calendar)
      warn({ customerId, provider }, 'connected calendar provider is not configured; using built-in');
    return calendar;
  }

  /**
   * Runs an external-calendar operation. A revoked grant marks the connection disconnected and
   * returns `fallback` so calls keep booking on the built-in calendar; other failures propagate.
   */
  async function guarded<T>(customerId: string, op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (!(error instanceof CalendarAuthError)) throw error;
      await markDisconnected(pool, customerId, error.message);
      warn({ customerId, provider: error.provider }, 'calendar access revoked; marked disconnected');
      return fallback;
    }
  }

  async function busy(customerId: string, range: { from: Date; to: Date }): Promise<Slot[]> {
    const own = await builtinBusy(pool, customerId, range);
    const ext = await external(customerId);
    if (!ext) return own;
    const theirs = await guarded(customerId, () => ext.busy(range), []);
    return [...own, ...theirs];
  }

  async function freeSlots(customerId: string, range: { from: Date; to: Date; durationMin: number }) {
    const profile = await loadBusinessProfile(pool, customerId);
    if (!profile || range.to <= range.from) return [];
    return computeFreeSlots({
      hours: profile.hours,
      timeZone: profile.timeZone,
      from: range.from,
      to: range.to,
      durationMin: range.durationMin,
      busy: await busy(customerId, range),
      notBefore: now(),
    });
  }

  /** Up to three free slots nearest the wanted time (same day or the next two). */
  async function alternatives(customerId: string, start: Date, durationMin: number): Promise<Slot[]> {
    const from = new Date(Math.max(now().getTime(), start.getTime() - 12 * 60 * MINUTE_MS));
    const to = new Date(start.getTime() + 48 * 60 * MINUTE_MS);
    const free = await freeSlots(customerId, { from, to, durationMin });
    return free
      .sort(
        (a, b) =>
          Math.abs(a.start.getTime() - start.getTime()) - Math.abs(b.start.getTime() - start.getTime()),
      )
      .slice(0, ALTERNATIVES)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  async function book(customerId: string, request: BookingRequest): Promise<BookingResult> {
    const start = request.start;
    const end = new Date(start.getTime() + request.durationMin * MINUTE_MS);
    const conflict = async (): Promise<BookingResult> => ({
      status: 'conflict',
      alternatives: await alternatives(customerId, start, request.durationMin),
    });
    const profile = await loadBusinessProfile(pool, customerId);
    if (!profile || start < now() || !withinOpeningHours(profile.hours, profile.timeZone, start, end)) {
      return conflict();
    }
    const ext = await external(customerId);
    if (ext) {
      const theirs = await guarded(customerId, () => ext.busy({ from: start, to: end }), []);
      if (overlapsAny(start.getTime(), end.getTime(), theirs)) return conflict();
    }
    let appointment: Awaited<ReturnType<typeof insertAppointment>>;
    let alertIds: string[] = [];
    try {
      // The re-check that cannot race: the exclusion constraint admits one booking per slot.
      appointment = await pool.transaction(async (tx) => {
        const row = await insertAppointment(tx, {
          customerId,
          callId: request.callId,
          service: request.service,
          callerName: request.callerName,
          callerPhone: request.callerPhone,
          startsAt: start,
          endsAt: end,
        });
        alertIds = await queueBookingAlerts(tx, profile, { ...request, id: row.id, start });
        return row;
      });
    } catch (error) {
      if (error instanceof CheckExclusionConstraintViolationError) return conflict();
      throw error;
    }
    if (deps.queues && alertIds.length > 0) {
      // After commit; if this fails, the outbox sweeper sends them.
      await dispatchNotifications(deps.queues, alertIds).catch((err: unknown) =>
        warn({ customerId, err }, 'booking alert dispatch deferred to the outbox sweeper'),
      );
    }
    if (ext) {
      try {
        const eventId = await guarded(
          customerId,
          () =>
            ext.createEvent({
              start,
              end,
              summary: `${request.service}: ${request.callerName}`,
              description: `Booked by the AI receptionist.${request.callerPhone ? `\nCaller: ${request.callerPhone}` : ''}`,
            }),
          null,
        );
        if (eventId) await setExternalEventId(pool, appointment.id, eventId);
      } catch (error) {
        // The booking stands (it is in our calendar and the portal); only the mirror copy failed.
        warn(
          { customerId, appointmentId: appointment.id, err: error },
          'could not add the event to the external calendar',
        );
      }
    }
    return { status: 'booked', appointmentId: appointment.id, start, end };
  }

  async function cancel(customerId: string, appointmentId: string): Promise<void> {
    const cancelled = await cancelAppointment(pool, customerId, appointmentId);
    if (!cancelled) throw new AppointmentNotFoundError();
    if (!cancelled.external_event_id) return;
    const ext = await external(customerId);
    if (!ext) return;
    const eventId = cancelled.external_event_id;
    try {
      await guarded(customerId, () => ext.deleteEvent(eventId), undefined);
    } catch (error) {
      warn(
        { customerId, appointmentId, err: error },
        'could not remove the event from the external calendar',
      );
    }
  }

  return {
    freeSlots,
    book,
    cancel,
    busy,
    isConfigured: (provider) => providers.configured(provider),
    consentUrl: (provider, state) => providers.consentUrl(provider, state),
    exchangeCode: (provider, code) => providers.exchangeCode(provider, code),
    connect: async (db, customerId, provider, account) => {
      await upsertConnection(db, {
        customerId,
        provider,
        accessTokenEnc: sealer.seal(account.accessToken),
        refreshTokenEnc: account.refreshToken ? sealer.seal(account.refreshToken) : null,
        tokenExpiresAt: account.expiresAt,
        accountEmail: account.accountEmail,
        calendarId: null,
      });
    },
    useBuiltin: async (db, customerId) => {
      await upsertConnection(db, {
        customerId,
        provider: 'builtin',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        tokenExpiresAt: null,
        accountEmail: null,
        calendarId: null,
      });
    },
  };
}
