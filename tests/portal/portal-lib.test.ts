import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  serviceDraftProblems,
  serviceDrafts,
  servicesFromDrafts,
} from '../../portal/components/services-editor.tsx';
import { ApiError, fieldErrors } from '../../portal/lib/api.ts';
import { matchPath } from '../../portal/lib/router.ts';
import { safeNext } from '../../portal/pages/sign-in.tsx';

describe('portal helpers', () => {
  it('matchPath extracts route params and rejects other paths', () => {
    expect(matchPath('/app/calls/:callId', '/app/calls/abc-123')).toEqual({ callId: 'abc-123' });
    expect(matchPath('/app/calls/:callId', '/app/calls/abc/')).toEqual({ callId: 'abc' });
    expect(matchPath('/app/calls/:callId', '/app/calls')).toBeNull();
    expect(matchPath('/app/calls/:callId', '/app/settings/x')).toBeNull();
  });

  it('fieldErrors keys validation details by the form field they belong to', () => {
    const error = new ApiError(400, 'invalid_request', 'Invalid request', [
      { field: 'body.services.0.name', message: 'is required' },
      { field: 'body.services.0.name', message: 'second message for the same field is ignored' },
      { field: 'body.businessInfo.phone', message: 'must be a valid phone number' },
      { field: 42, message: 'not a field' },
    ]);
    expect(fieldErrors(error)).toEqual({
      'services.0.name': 'is required',
      'businessInfo.phone': 'must be a valid phone number',
    });
    expect(fieldErrors(new Error('boom'))).toEqual({});
  });

  it('safeNext keeps only same-site paths (no open redirect, no loop back to sign-in)', () => {
    expect(safeNext('/app/calls?outcome=missed')).toBe('/app/calls?outcome=missed');
    for (const bad of [null, '', 'https://evil.test/', '//evil.test/x', 'app', '/signin?next=/app']) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });

  it('services survive the form: drafts → services gives back what was loaded', () => {
    const service = fc.record({
      name: fc.string({ minLength: 1, maxLength: 20 }),
      durationMin: fc.integer({ min: 5, max: 480 }),
      priceCents: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(service, { minLength: 1, maxLength: 5 }), (services) => {
        expect(servicesFromDrafts(serviceDrafts(services))).toEqual(services);
      }),
    );
  });

  it('unreadable numbers are caught in the browser and reported where the server would report them', () => {
    const drafts = [
      { name: 'Cut', duration: 'soon', price: 'free' },
      { name: 'Colour', duration: '90', price: '$1,200.50' },
    ];
    expect(serviceDraftProblems(drafts, 'body.services')).toEqual([
      { field: 'body.services.0.durationMin', message: 'must be a whole number of minutes' },
      { field: 'body.services.0.priceCents', message: 'must be an amount such as 45 or 45.50' },
    ]);
    expect(servicesFromDrafts(drafts.slice(1))).toEqual([
      { name: 'Colour', durationMin: 90, priceCents: 120050 },
    ]);
  });
});
