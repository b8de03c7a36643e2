/**
 * The AWS CLI emulation as the sandbox fetches it (see cli-loader.ts) when a learner first runs or
 * tab-completes `aws`, so a lesson page's prompt does not wait for it. It holds what a typical
 * call needs (json and text output, plain --query expressions); aws.ts and hints.ts fetch the
 * rest when a command asks for it: help pages, table and yaml output, the npm JMESPath
 * evaluator, --debug, skeletons, and the hints for a call KMS refused.
 */
export { runAws } from './aws.ts';
export { completeAws } from './complete.ts';
