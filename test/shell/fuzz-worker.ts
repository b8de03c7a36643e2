/**
 * The fuzz test's sandbox, in a worker thread: the test can then stop a line that hangs (even in
 * synchronous code) by ending the worker, and tell a crash from a failure. Each message is one
 * input line; each answer its output, status and time.
 */
import { parentPort } from 'node:worker_threads';
import { runText } from '../../src/shell/run.ts';
import { Sandbox } from '../../src/shell/sandbox.ts';

let sandbox = await Sandbox.create({ seed: 19 });
let lines = 0;

parentPort!.on('message', async (message: { line: string }) => {
  // A fresh sandbox now and then, so files and keys made by earlier lines stay few.
  if (++lines % 500 === 0) sandbox = await Sandbox.create({ seed: 19 + lines });
  const start = performance.now();
  const result = await runText(sandbox.session, message.line);
  parentPort!.postMessage({ ...result, stdout: result.stdout.slice(0, 20_000), stderr: result.stderr.slice(0, 20_000), ms: performance.now() - start });
});
parentPort!.postMessage({ ready: true });
