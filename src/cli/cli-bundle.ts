/**
 * The AWS CLI emulation as one download: what the sandbox fetches (see cli-loader.ts) when a
 * learner first runs or tab-completes `aws`, so a lesson page's prompt does not wait for it.
 */
export { runAws } from './aws.ts';
export { completeAws } from './complete.ts';
