import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications } from '../../db/notifications.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { SUPPORT_EMAIL: 'help@receptionist.test' } });
});
afterAll(async () => {
  await t.close();
});

describe('support tickets', () => {
  it('opens a ticket, queues an escalation email to SUPPORT_EMAIL and lists it', async () => {
    const customer = await t.createCustomer({ businessName: 'Corner Bakery' });
    const cookie = await t.sessionCookie(customer.id);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${customer.id}/support`,
      headers: { cookie },
      payload: { subject: 'Calls not forwarded', message: 'Since this morning callers hear silence.' },
    });
    expect(res.statusCode).toBe(201);
    const { ticket } = res.json();
    expect(ticket).toMatchObject({ subject: 'Calls not forwarded', status: 'open' });

    const [escalation] = await listNotifications(t.db.pool, {
      customerId: customer.id,
      template: 'support_escalation',
    });
    expect(escalation).toMatchObject({
      recipient: 'help@receptionist.test',
      channel: 'email',
      status: 'pending',
    });
    expect(escalation?.payload).toMatchObject({ ticketId: ticket.id, businessName: 'Corner Bakery' });
    // Handed to the workers right after commit (job id derived from the row).
    const job = await t.queues.queue('notifications').getJob(`notification-${escalation?.id}`);
    expect(job?.opts.attempts).toBe(4);

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${customer.id}/support`,
      headers: { cookie },
    });
    expect(list.json().tickets.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
  });

  it('refuses an empty subject naming the field, and writes nothing', async () => {
    const customer = await t.createCustomer();
    const cookie = await t.sessionCookie(customer.id);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${customer.id}/support`,
      headers: { cookie },
      payload: { subject: '   ', message: 'hello' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/subject/);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${customer.id}/support`,
      headers: { cookie },
    });
    expect(list.json().tickets).toEqual([]);
  });

  it("never shows or accepts tickets for another customer's id", async () => {
    const a = await t.createCustomer();
    const b = await t.createCustomer();
    const cookie = await t.sessionCookie(a.id);
    const get = await t.app.inject({
      method: 'GET',
      url: `/api/portal/${b.id}/support`,
      headers: { cookie },
    });
    expect(get.statusCode).toBe(404);
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${b.id}/support`,
      headers: { cookie },
      payload: { subject: 'x', message: 'y' },
    });
    expect(post.statusCode).toBe(404);
  });
});
