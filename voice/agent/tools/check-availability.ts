import { DateTime } from 'luxon';
import { type AgentTool, findService, localDateTime, spoken } from './tool.ts';

export const checkAvailability: AgentTool = {
  spec: {
    name: 'check_availability',
    description:
      'Free appointment times on a date (business-local). Returns up to 3 slots; if a time is given, whether it is free.',
    parameters: {
      type: 'object',
      properties: {
        date: { type: 'string', description: 'YYYY-MM-DD in the business time zone' },
        time: { type: 'string', description: 'HH:MM 24-hour, optional' },
        partOfDay: {
          type: 'string',
          enum: ['morning', 'afternoon', 'evening'],
          description: 'optional: only slots in this part of the day',
        },
        service: { type: 'string' },
      },
      required: ['date'],
    },
  },
  filler: 'Let me check the calendar.',
  async run(args, ctx) {
    const day = localDateTime(ctx.business, args.date, '00:00');
    if (!day)
      return { ok: false, result: { error: 'date must be YYYY-MM-DD' }, summary: 'availability: bad date' };
    const service = findService(ctx.business, args.service);
    const durationMin = service?.durationMin ?? 30;
    const from = new Date(Math.max(day.toMillis(), ctx.now.getTime()));
    const slots = await ctx.calendar.freeSlots(ctx.business.customerId, {
      from,
      to: day.endOf('day').toJSDate(),
      durationMin,
    });
    const inPart = (start: Date) => {
      const hour = DateTime.fromJSDate(start, { zone: ctx.business.timeZone }).hour;
      if (args.partOfDay === 'morning') return hour < 12;
      if (args.partOfDay === 'afternoon') return hour >= 12 && hour < 17;
      if (args.partOfDay === 'evening') return hour >= 17;
      return true;
    };
    const wanted = localDateTime(ctx.business, args.date, args.time);
    const requestedFree =
      typeof args.time === 'string' && wanted
        ? slots.some((s) => s.start.getTime() === wanted.toMillis())
        : null;
    const candidates = slots.filter((s) => inPart(s.start));
    const offered = candidates.slice(0, 3).map((s) => spoken(ctx.business, s.start));
    return {
      ok: true,
      result: { requestedTimeFree: requestedFree, slots: offered, service: service?.name ?? null },
      summary: candidates.length
        ? `checked availability: ${candidates.length} free`
        : 'checked availability: none free',
    };
  },
};
