import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { BookingRequest, BookingResult, CalendarService, Slot } from '../agent/calendar-port.ts';

export interface FakeAppointment extends BookingRequest {
  id: string;
  customerId: string;
  end: Date;
  cancelled: boolean;
}

export interface FakeCalendarOptions {
  timeZone?: string;
  /** Local opening hours every day except Sunday, [openHour, closeHour). */
  openHour?: number;
  closeHour?: number;
  stepMin?: number;
}

/**
 * An in-memory CalendarService. `book` re-checks the slot the way the real one does inside its
 * transaction, so a slot taken meanwhile answers `conflict` with alternatives.
 */
export class FakeCalendar implements CalendarService {
  readonly appointments: FakeAppointment[] = [];
  private readonly options: Required<FakeCalendarOptions>;

  constructor(options: FakeCalendarOptions = {}) {
    this.options = { timeZone: 'UTC', openHour: 9, closeHour: 17, stepMin: 30, ...options };
  }

  private busy(customerId: string, start: Date, end: Date): boolean {
    return this.appointments.some(
      (a) => a.customerId === customerId && !a.cancelled && a.start < end && start < a.end,
    );
  }

  async freeSlots(customerId: string, range: { from: Date; to: Date; durationMin: number }): Promise<Slot[]> {
    const { timeZone, openHour, closeHour, stepMin } = this.options;
    const slots: Slot[] = [];
    let day = DateTime.fromJSDate(range.from, { zone: timeZone }).startOf('day');
    const last = DateTime.fromJSDate(range.to, { zone: timeZone });
    while (day <= last && slots.length < 200) {
      if (day.weekday !== 7) {
        for (
          let t = day.set({ hour: openHour });
          t.plus({ minutes: range.durationMin }) <= day.set({ hour: closeHour });
          t = t.plus({ minutes: stepMin })
        ) {
          const start = t.toJSDate();
          const end = t.plus({ minutes: range.durationMin }).toJSDate();
          if (start >= range.from && end <= range.to && !this.busy(customerId, start, end))
            slots.push({ start, end });
        }
      }
      day = day.plus({ days: 1 });
    }
    return slots;
  }

  async book(customerId: string, request: BookingRequest): Promise<BookingResult> {
    const end = new Date(request.start.getTime() + request.durationMin * 60_000);
    const local = DateTime.fromJSDate(request.start, { zone: this.options.timeZone });
    const open =
      local.weekday !== 7 &&
      local.hour >= this.options.openHour &&
      DateTime.fromJSDate(end, { zone: this.options.timeZone }) <=
        local.set({ hour: this.options.closeHour, minute: 0 });
    if (!open || this.busy(customerId, request.start, end)) {
      const alternatives = await this.freeSlots(customerId, {
        from: request.start,
        to: new Date(request.start.getTime() + 7 * 86_400_000),
        durationMin: request.durationMin,
      });
      return { status: 'conflict', alternatives: alternatives.slice(0, 3) };
    }
    const appointment: FakeAppointment = { ...request, id: randomUUID(), customerId, end, cancelled: false };
    this.appointments.push(appointment);
    return { status: 'booked', appointmentId: appointment.id, start: request.start, end };
  }

  async cancel(customerId: string, appointmentId: string): Promise<void> {
    const found = this.appointments.find((a) => a.id === appointmentId && a.customerId === customerId);
    if (found) found.cancelled = true;
  }
}
