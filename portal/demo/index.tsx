/** The browser demo (onboarding step 5). The wizard embeds DemoPanel; everything else is internal. */
export type { FinalTurn } from './api-types.ts';
export { DemoPanel, type DemoPanelProps } from './demo-panel.tsx';
