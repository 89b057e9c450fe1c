import { type AgentTool, findService, localDateTime, spoken, str } from './tool.ts';

export const bookAppointment: AgentTool = {
  spec: {
    name: 'book_appointment',
    description:
      'Books an appointment once the caller has confirmed date, time and name. The slot is re-checked when booking.',
    parameters: {
      type: 'object',
      properties: {
        date: { type: 'string', description: 'YYYY-MM-DD in the business time zone' },
        time: { type: 'string', description: 'HH:MM 24-hour' },
        name: { type: 'string', description: "the caller's name" },
        service: { type: 'string' },
        phone: { type: 'string', description: 'callback number if different from the caller ID' },
      },
      required: ['date', 'time', 'name'],
    },
  },
  filler: 'One moment while I book that.',
  async run(args, ctx) {
    const start = localDateTime(ctx.business, args.date, args.time);
    const name = str(args.name);
    if (!start || typeof args.time !== 'string' || !name) {
      return {
        ok: false,
        result: { error: 'date, time and name are required' },
        summary: 'booking: missing details',
      };
    }
    if (start.toMillis() <= ctx.now.getTime()) {
      return {
        ok: false,
        result: { error: 'that time is in the past' },
        summary: 'booking: time in the past',
      };
    }
    const service = findService(ctx.business, args.service);
    // The CalendarService re-checks the slot inside its booking transaction (no double bookings).
    const result = await ctx.calendar.book(ctx.business.customerId, {
      start: start.toJSDate(),
      durationMin: service?.durationMin ?? 30,
      service: service?.name ?? 'Appointment',
      callerName: name,
      callerPhone: str(args.phone) ?? ctx.callerPhone,
      callId: ctx.callId,
    });
    if (result.status === 'conflict') {
      return {
        ok: false,
        result: {
          booked: false,
          reason: 'slot taken',
          alternatives: result.alternatives.map((s) => spoken(ctx.business, s.start)),
        },
        summary: 'booking: slot no longer free',
      };
    }
    return {
      ok: true,
      result: {
        booked: true,
        when: spoken(ctx.business, result.start),
        service: service?.name ?? null,
        name,
      },
      summary: `appointment booked: ${spoken(ctx.business, result.start)}`,
      appointmentBooked: true,
      callerName: name,
    };
  },
};
