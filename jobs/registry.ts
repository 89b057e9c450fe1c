import { purgeExpiredCredentials } from './definitions/maintenance/purge-expired-credentials.ts';
import { type AnyJobDefinition, anyJob } from './job-definition.ts';

/** Every job the workers run. A new job is one definition file plus one line here. */
export const JOB_DEFINITIONS: readonly AnyJobDefinition[] = [anyJob(purgeExpiredCredentials)];
