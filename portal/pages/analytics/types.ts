/** Shapes of the analytics API (api/routes/analytics.ts). */
export interface Series {
  label: string;
  points: { date: string; turns: number }[];
}

export interface AnalyticsDashboard {
  range: { from: number; to: number };
  funnel: {
    step: number;
    reached: number;
    completed: number;
    errors: number;
    avgDurationMs: number;
    dropOff: number;
    dropOffRate: number;
  }[];
  outcomes: { outcome: string; calls: number; booked: number }[];
  conversionRate: number;
  intents: Series[];
  sentiment: Series[];
  failovers: { stt: number; tts: number; llm: number };
  latency: { stage: string; samples: number; p50: number; p90: number; p99: number }[];
}

export interface ExportStatus {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  rowCount: number;
  includeAudio: boolean;
  error: string | null;
  downloadUrl: string | null;
}
