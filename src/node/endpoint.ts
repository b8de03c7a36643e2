// `npm run endpoint`: the simulator as a local KMS endpoint for the real AWS CLI and SDKs.
import { Kms } from '../kms/kms.ts';
import { DEFAULT_PORT, startKmsServer } from './kms-server.ts';
import { readOptions, seedOption } from './options.ts';

const USAGE = `Usage: npm run endpoint [-- --port ${DEFAULT_PORT}] [--seed N]

Serves KMS Lab's simulated KMS on http://127.0.0.1:PORT (KMS JSON 1.1, plus
sts get-caller-identity). Point a client at it, for example:

  AWS_ACCESS_KEY_ID=admin AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \\
    aws --endpoint-url http://127.0.0.1:${DEFAULT_PORT} kms create-key

The access key ID picks the simulated principal (root, admin, app, auditor;
anything else is root). Signatures are not verified. --seed N repeats IDs,
ciphertexts and dates.
`;

async function main(): Promise<number> {
  const values = readOptions({ port: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (typeof values === 'number') return values;
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port expects a port number (0-65535), got '${values.port}'\n`);
    return 2;
  }
  const seed = seedOption(values.seed);
  if (seed === null) return 2;
  const kms = await Kms.create(seed === undefined ? {} : { seed });
  let server;
  try {
    server = await startKmsServer(kms, port);
  } catch (error) {
    process.stderr.write(`Cannot listen on 127.0.0.1:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `KMS Lab endpoint on ${server.url} — account ${kms.account.accountId}, Region ${kms.account.region}${seed === undefined ? '' : `, seed ${seed}`}.\n` +
      'A simulation: request signatures are accepted without being verified. Ctrl-C stops it.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  process.stdout.write('KMS Lab endpoint stopped.\n');
  return 0;
}

process.exitCode = await main();
