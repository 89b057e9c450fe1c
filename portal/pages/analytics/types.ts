/** Shapes of the analytics API, derived from the server's schemas (domain/analytics/schemas.ts). */
import type { z } from 'zod';
import type {
  AnalyticsDashboard as AnalyticsDashboardSchema,
  ExportStatus as ExportStatusSchema,
  Series as SeriesSchema,
} from '../../../domain/analytics/schemas.ts';

export type Series = z.infer<typeof SeriesSchema>[number];
export type AnalyticsDashboard = z.infer<typeof AnalyticsDashboardSchema>;
export type ExportStatus = z.infer<typeof ExportStatusSchema>;
