/**
 * One calendar interface over Google, Outlook and the built-in calendar. Times are absolute
 * (Date, UTC instants); the business time zone matters only when computing slots from hours.
 */
export interface Slot {
  start: Date;
  end: Date;
}

export interface BookingRequest {
  start: Date;
  durationMin: number;
  service: string;
  callerName: string;
  callerPhone: string | null;
  callId: string | null;
}

export type BookingResult =
  | { status: 'booked'; appointmentId: string; start: Date; end: Date }
  /** The slot was taken meanwhile (re-checked inside the booking transaction); offer these instead. */
  | { status: 'conflict'; alternatives: Slot[] };

export interface CalendarService {
  /** Free slots of `durationMin` within opening hours, minus busy times, between from and to. */
  freeSlots(customerId: string, range: { from: Date; to: Date; durationMin: number }): Promise<Slot[]>;
  book(customerId: string, request: BookingRequest): Promise<BookingResult>;
  cancel(customerId: string, appointmentId: string): Promise<void>;
}
