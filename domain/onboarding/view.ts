import { z } from 'zod';
import type { CalendarConnectionRow } from '../../db/calendar-connections.ts';
import type { DocumentSummaryRow } from '../../db/documents.ts';
import type { OnboardingRow } from '../../db/onboarding.ts';
import {
  BusinessInfo,
  CalendarIntegration,
  CallerResponses,
  DOCUMENT_SOURCES,
  PhoneConfig,
} from '../../lib/business-schemas.ts';
import { goLiveBlockers, type StepStatus } from './state-machine.ts';

export const DocumentView = z.object({
  id: z.uuid(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  source: z.enum(DOCUMENT_SOURCES),
  /** Epoch milliseconds. */
  createdAt: z.number(),
});
export type DocumentView = z.infer<typeof DocumentView>;

/** What GET /api/onboarding/:customerId and every step save answer. */
export const OnboardingView = z.object({
  /** The name given at checkout, so step 1 starts filled in. */
  businessName: z.string(),
  currentStep: z.number().int().min(1).max(7),
  progress: z.number().int().min(0).max(100),
  completedSteps: z.array(z.number().int()),
  businessInfo: BusinessInfo.nullable(),
  phoneConfig: PhoneConfig.nullable(),
  callerResponses: CallerResponses.nullable(),
  calendarIntegration: CalendarIntegration,
  demoCompleted: z.boolean(),
  documents: z.array(DocumentView),
  review: z.object({ missing: z.array(z.string()) }),
  live: z.boolean(),
});
export type OnboardingView = z.infer<typeof OnboardingView>;

export const toDocumentView = (d: DocumentSummaryRow): DocumentView => ({
  id: d.id,
  filename: d.filename,
  mimeType: d.mime_type,
  sizeBytes: d.size_bytes,
  source: d.source,
  createdAt: d.created_at,
});

/** The connection row is the truth once one exists (it turns 'disconnected' when access is revoked). */
export function calendarIntegrationOf(
  connection: CalendarConnectionRow | null,
  stored: CalendarIntegration | null,
): CalendarIntegration {
  if (connection) {
    return {
      provider: connection.provider,
      status: connection.status === 'connected' ? 'connected' : 'disconnected',
      ...(connection.account_email ? { accountEmail: connection.account_email } : {}),
    };
  }
  if (stored?.status === 'skipped') return { provider: null, status: 'skipped' };
  return { provider: null, status: 'not_connected' };
}

export function stepStatusOf(state: OnboardingRow, calendar: CalendarIntegration): StepStatus {
  return {
    completedSteps: state.completed_steps,
    hasBusinessInfo: state.business_info !== null,
    hasPhoneConfig: state.phone_config !== null,
    hasCallerResponses: state.caller_responses !== null,
    calendarDecided: calendar.status !== 'not_connected',
  };
}

export function buildView(input: {
  state: OnboardingRow;
  connection: CalendarConnectionRow | null;
  documents: readonly DocumentSummaryRow[];
  live: boolean;
  businessName: string;
}): OnboardingView {
  const { state } = input;
  const calendarIntegration = calendarIntegrationOf(input.connection, state.calendar_integration);
  return {
    businessName: state.business_info?.name ?? input.businessName,
    currentStep: state.current_step,
    progress: state.progress,
    completedSteps: [...state.completed_steps],
    businessInfo: state.business_info,
    phoneConfig: state.phone_config,
    callerResponses: state.caller_responses,
    calendarIntegration,
    demoCompleted: state.demo_completed,
    documents: input.documents.map(toDocumentView),
    review: {
      missing: input.live
        ? []
        : goLiveBlockers(stepStatusOf(state, calendarIntegration)).map((m) => m.message),
    },
    live: input.live,
  };
}
