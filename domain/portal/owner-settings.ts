import type { CommonQueryMethods, DatabasePool } from '../../db/pool.ts';
import { type CustomerSettingsRow, findCustomerSettings, saveSettings } from '../../db/settings.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import { mergeSettings, readSettings, type Settings, type SettingsUpdate } from './settings.ts';

const stored = (row: CustomerSettingsRow) =>
  readSettings({
    businessInfo: row.business_info,
    callerResponses: row.caller_responses,
    settings: row.settings,
    phoneConfig: row.phone_config,
  });

export async function customerSettingsRow(
  db: CommonQueryMethods,
  customerId: string,
): Promise<CustomerSettingsRow> {
  const row = await findCustomerSettings(db, customerId);
  if (!row) throw notFound('Customer');
  return row;
}

/** What the settings page shows: onboarding answers with the owner's later changes applied. */
export async function ownerSettings(db: CommonQueryMethods, customerId: string): Promise<Settings> {
  return stored(await customerSettingsRow(db, customerId));
}

/**
 * Applies a partial change under the customer's row lock; an invalid merge changes nothing and
 * answers every field issue. The receptionist reads the result from the next call on.
 */
export async function updateOwnerSettings(
  pool: DatabasePool,
  customerId: string,
  update: SettingsUpdate,
): Promise<Settings> {
  return pool.transaction(async (tx) => {
    const row = await findCustomerSettings(tx, customerId, { forUpdate: true });
    if (!row) throw notFound('Customer');
    const current = stored(row);
    const merged = mergeSettings(current, update);
    if (!merged.ok) {
      const first = merged.issues[0]!;
      throw badRequest(`${first.field}: ${first.message}`, merged.issues);
    }
    await saveSettings(tx, customerId, merged);
    return {
      ...current,
      ...(merged.businessInfo ? { businessInfo: merged.businessInfo } : {}),
      ...(merged.callerResponses ? { callerResponses: merged.callerResponses } : {}),
      ...(merged.notifications ? { notifications: merged.notifications } : {}),
    };
  });
}
