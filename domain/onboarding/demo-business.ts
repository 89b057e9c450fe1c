import type { Config } from '../../config/config.ts';
import { withAdvisoryLock } from '../../db/advisory-lock.ts';
import { findCustomersByEmail } from '../../db/customers.ts';
import { createLoginLink } from '../../db/sessions.ts';
import { BusinessInfoInput, CallerResponses, PhoneConfigInput } from '../../lib/business-schemas.ts';
import { AppError } from '../../lib/errors.ts';
import { loginUrl } from '../auth/login-links.ts';
import { capturePlanOrder, createPlanOrder, type PurchaseDeps } from '../billing/purchase.ts';
import { useBuiltinCalendar } from './calendar-step.ts';
import { loadView, type OnboardingDeps } from './context.ts';
import { goLive } from './go-live.ts';
import { confirmReview, saveBusinessInfo, saveCallerResponses, savePhoneConfig, skipDemo } from './steps.ts';

/**
 * A ready demo business for trying the product on a development machine: bought through the PayPal
 * emulator and onboarded through the same use cases the API runs for a real owner (purchase →
 * seven onboarding steps → live), so what a newcomer calls is exactly what a customer would get.
 */
export const DEMO_OWNER_EMAIL = 'demo-owner@receptionist.local';

const weekday = [{ open: '09:00', close: '17:00' }];

export const DEMO_BUSINESS_INFO = BusinessInfoInput.parse({
  name: 'Seaside Dental',
  industry: 'Dental clinic',
  profession: 'Dentist',
  phone: '+1 415 555 0100',
  services: [
    { name: 'Cleaning', durationMin: 30, priceCents: 9000, currency: 'USD' },
    { name: 'Check-up', durationMin: 20, priceCents: 6000, currency: 'USD' },
    { name: 'Whitening', durationMin: 60, priceCents: 25000, currency: 'USD' },
  ],
  hours: {
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
    sat: [{ open: '09:00', close: '13:00' }],
  },
  timeZone: 'America/New_York',
  address: '1 Harbour Road, Springfield',
});

const DEMO_CALLER_RESPONSES = CallerResponses.parse({
  greeting: 'Thank you for calling Seaside Dental, this is the receptionist. How can I help you today?',
  instructions: 'Offer the earliest free slot. Cleanings take 30 minutes; check-ups 20.',
});

const DEMO_PHONE = PhoneConfigInput.parse({ businessPhone: '+14155550100', smsEnabled: false });

export type DemoBusinessDeps = PurchaseDeps & OnboardingDeps & { config: Config };

export interface DemoBusiness {
  customerId: string;
  businessName: string;
  /** The receptionist's number: callers (and `npm run call`) dial it. */
  number: string;
  /** A fresh single-use sign-in link to the portal (valid 24 hours). */
  signInUrl: string;
  /** False when the business already existed and was only checked (the seed is idempotent). */
  created: boolean;
}

/** Steps 1–7 in order, each a use case the onboarding API calls; done steps are not repeated. */
const STEPS: [number, (deps: DemoBusinessDeps, customerId: string) => Promise<unknown>][] = [
  [1, (deps, id) => saveBusinessInfo(deps, id, DEMO_BUSINESS_INFO)],
  [2, (deps, id) => savePhoneConfig(deps, id, DEMO_PHONE)],
  [3, (deps, id) => saveCallerResponses(deps, id, DEMO_CALLER_RESPONSES)],
  [4, (deps, id) => useBuiltinCalendar(deps, id)],
  [5, (deps, id) => skipDemo(deps, id)],
  [6, (deps, id) => confirmReview(deps, id)],
  [7, (deps, id) => goLive(deps, id)],
];

/**
 * Creates the demo business if it does not exist, finishes whatever part of its onboarding is not
 * done (a seed interrupted half-way resumes), and returns its number with a new sign-in link.
 * Never in production; payment goes through the PayPal emulator only.
 */
export async function ensureDemoBusiness(deps: DemoBusinessDeps): Promise<DemoBusiness> {
  if (deps.config.env === 'production') {
    throw new AppError(409, 'not_in_production', 'The demo business is for development machines only');
  }
  return withAdvisoryLock(deps.pool, 'seed:demo-business', async () => {
    let [customer] = await findCustomersByEmail(deps.pool, DEMO_OWNER_EMAIL);
    let created = false;
    if (!customer) {
      if (deps.paypal?.mode !== 'emulator') {
        throw new AppError(
          409,
          'emulator_required',
          'The demo business is paid through the PayPal emulator: unset PAYPAL_CLIENT_ID/PAYPAL_CLIENT_SECRET',
        );
      }
      const order = await createPlanOrder(deps, {
        plan: 'pro',
        email: DEMO_OWNER_EMAIL,
        businessName: DEMO_BUSINESS_INFO.name,
      });
      // The emulator captures without a buyer's approval, as PayPal would after one.
      await capturePlanOrder(deps, order.orderId);
      [customer] = await findCustomersByEmail(deps.pool, DEMO_OWNER_EMAIL);
      if (!customer) throw new Error('the demo purchase created no customer');
      created = true;
    }
    let view = await loadView(deps.pool, customer.id);
    if (!view.live) {
      for (const [step, run] of STEPS) {
        if (!view.completedSteps.includes(step)) await run(deps, customer.id);
      }
      view = await loadView(deps.pool, customer.id);
    }
    const number = view.phoneConfig?.twilioNumber;
    if (!view.live || !number) throw new Error('the demo business did not go live');
    const token = await createLoginLink(deps.pool, customer.id);
    return {
      customerId: customer.id,
      businessName: view.businessInfo?.name ?? DEMO_BUSINESS_INFO.name,
      number,
      signInUrl: loginUrl(deps.config.http.publicUrl, token, '/app'),
      created,
    };
  });
}
