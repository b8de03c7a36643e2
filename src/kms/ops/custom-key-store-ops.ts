/**
 * CreateCustomKeyStore, DescribeCustomKeyStores, UpdateCustomKeyStore,
 * DeleteCustomKeyStore, ConnectCustomKeyStore and DisconnectCustomKeyStore,
 * with AWS's connection-state rules. Connecting and disconnecting take
 * effect at once (AWS passes through CONNECTING and DISCONNECTING).
 */
import {
  CloudHsmClusterInUseException,
  CustomKeyStoreHasCMKsException,
  CustomKeyStoreInvalidStateException,
  CustomKeyStoreNameInUseException,
  CustomKeyStoreNotFoundException,
  IncorrectTrustAnchorException,
  ValidationException,
  XksProxyInvalidConfigurationException,
  XksProxyUriInUseException,
} from '../errors.ts';
import type { Call, Engine } from '../engine.ts';
import { findStore, type CustomKeyStoreRecord, type XksProxySettings } from '../custom-key-stores.ts';
import type {
  CreateCustomKeyStoreRequest,
  CreateCustomKeyStoreResponse,
  CustomKeyStoreIdRequest,
  DescribeCustomKeyStoresRequest,
  DescribeCustomKeyStoresResponse,
  UpdateCustomKeyStoreRequest,
} from '../types.ts';
import { page } from './paging.ts';

const PEM_CERTIFICATE = /^\s*-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/;
const XKS_MEMBERS = ['XksProxyUriEndpoint', 'XksProxyUriPath', 'XksProxyVpcEndpointServiceName', 'XksProxyVpcEndpointServiceOwner', 'XksProxyAuthenticationCredential', 'XksProxyConnectivity'] as const;
const HSM_MEMBERS = ['CloudHsmClusterId', 'TrustAnchorCertificate', 'KeyStorePassword'] as const;

/** A new store's ID: "cks-" and 17 hexadecimal digits, as AWS's look. */
function newStoreId(bytes: Uint8Array): string {
  return `cks-${Array.from(bytes.subarray(0, 9), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 17)}`;
}

/** One CustomKeyStoresListEntry, members in the model's order; secrets never leave. */
function storeEntry(store: CustomKeyStoreRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = { CustomKeyStoreId: store.id, CustomKeyStoreName: store.name };
  if (store.cloudHsmClusterId !== undefined) entry['CloudHsmClusterId'] = store.cloudHsmClusterId;
  if (store.trustAnchorCertificate !== undefined) entry['TrustAnchorCertificate'] = store.trustAnchorCertificate;
  entry['ConnectionState'] = store.connectionState;
  if (store.connectionErrorCode !== undefined) entry['ConnectionErrorCode'] = store.connectionErrorCode;
  entry['CreationDate'] = store.creationDate;
  entry['CustomKeyStoreType'] = store.type;
  if (store.xks) {
    const x = store.xks;
    entry['XksProxyConfiguration'] = {
      Connectivity: x.connectivity,
      AccessKeyId: x.accessKeyId,
      UriEndpoint: x.uriEndpoint,
      UriPath: x.uriPath,
      ...(x.vpcEndpointServiceName !== undefined ? { VpcEndpointServiceName: x.vpcEndpointServiceName } : {}),
      ...(x.vpcEndpointServiceOwner !== undefined ? { VpcEndpointServiceOwner: x.vpcEndpointServiceOwner } : {}),
    };
  }
  return entry;
}

function requireName(engine: Engine, name: string, except?: CustomKeyStoreRecord): void {
  for (const other of engine.state.customKeyStores.values()) {
    if (other !== except && other.name === name) throw new CustomKeyStoreNameInUseException(`A custom key store named ${name} already exists in this account and Region.`);
  }
}

function requireFreeCluster(engine: Engine, clusterId: string, except?: CustomKeyStoreRecord): void {
  for (const other of engine.state.customKeyStores.values()) {
    if (other !== except && other.cloudHsmClusterId === clusterId) {
      throw new CloudHsmClusterInUseException(`CloudHSM cluster ${clusterId} is already associated with custom key store ${other.id}.`);
    }
  }
}

/** The proxy settings checked together: what AWS's GetHealthStatus would refuse, the simulator refuses before it. */
function checkProxy(engine: Engine, xks: XksProxySettings, except?: CustomKeyStoreRecord): void {
  if (xks.connectivity === 'VPC_ENDPOINT_SERVICE' && xks.vpcEndpointServiceName === undefined) {
    throw new XksProxyInvalidConfigurationException('XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  }
  if (xks.connectivity === 'PUBLIC_ENDPOINT' && (xks.vpcEndpointServiceName !== undefined || xks.vpcEndpointServiceOwner !== undefined)) {
    throw new XksProxyInvalidConfigurationException('XksProxyVpcEndpointServiceName and XksProxyVpcEndpointServiceOwner apply only to VPC_ENDPOINT_SERVICE connectivity.');
  }
  for (const other of engine.state.customKeyStores.values()) {
    if (other !== except && other.xks && other.xks.uriEndpoint === xks.uriEndpoint && other.xks.uriPath === xks.uriPath) {
      throw new XksProxyUriInUseException(`The proxy URI ${xks.uriEndpoint}${xks.uriPath} is already used by custom key store ${other.id}.`);
    }
  }
}

export async function createCustomKeyStore(engine: Engine, call: Call, input: CreateCustomKeyStoreRequest): Promise<CreateCustomKeyStoreResponse> {
  engine.authorizeAccount(call, 'CreateCustomKeyStore');
  const type = input.CustomKeyStoreType ?? 'AWS_CLOUDHSM';
  requireName(engine, input.CustomKeyStoreName);
  const store: CustomKeyStoreRecord = {
    id: newStoreId(engine.random.bytes(9)),
    name: input.CustomKeyStoreName,
    type,
    creationDate: engine.clock.now(),
    connectionState: 'DISCONNECTED',
  };
  if (type === 'AWS_CLOUDHSM') {
    const stray = XKS_MEMBERS.find((m) => input[m] !== undefined);
    if (stray) throw new ValidationException(`${stray} is not valid for a custom key store of type AWS_CLOUDHSM.`);
    const missing = HSM_MEMBERS.find((m) => input[m] === undefined);
    if (missing) throw new ValidationException(`${missing} is required for a custom key store of type AWS_CLOUDHSM.`);
    requireFreeCluster(engine, input.CloudHsmClusterId!);
    if (!PEM_CERTIFICATE.test(input.TrustAnchorCertificate!)) {
      throw new IncorrectTrustAnchorException('The trust anchor certificate is not a PEM certificate (the content of the customerCA.crt file).');
    }
    store.cloudHsmClusterId = input.CloudHsmClusterId!;
    store.trustAnchorCertificate = input.TrustAnchorCertificate!;
    store.keyStorePassword = input.KeyStorePassword!;
    store.clusterPassword = input.KeyStorePassword!;
  } else {
    const stray = HSM_MEMBERS.find((m) => input[m] !== undefined);
    if (stray) throw new ValidationException(`${stray} is not valid for a custom key store of type EXTERNAL_KEY_STORE.`);
    const missing = (['XksProxyUriEndpoint', 'XksProxyUriPath', 'XksProxyAuthenticationCredential', 'XksProxyConnectivity'] as const).find((m) => input[m] === undefined);
    if (missing) throw new ValidationException(`${missing} is required for a custom key store of type EXTERNAL_KEY_STORE.`);
    store.xks = {
      connectivity: input.XksProxyConnectivity as XksProxySettings['connectivity'],
      uriEndpoint: input.XksProxyUriEndpoint!,
      uriPath: input.XksProxyUriPath!,
      ...(input.XksProxyVpcEndpointServiceName !== undefined ? { vpcEndpointServiceName: input.XksProxyVpcEndpointServiceName } : {}),
      ...(input.XksProxyVpcEndpointServiceOwner !== undefined ? { vpcEndpointServiceOwner: input.XksProxyVpcEndpointServiceOwner } : {}),
      accessKeyId: input.XksProxyAuthenticationCredential!.AccessKeyId,
      secretAccessKey: input.XksProxyAuthenticationCredential!.RawSecretAccessKey,
    };
    checkProxy(engine, store.xks);
  }
  engine.state.customKeyStores.set(store.id, store);
  call.step({ kind: 'state-change', caption: `Create the ${type === 'AWS_CLOUDHSM' ? 'CloudHSM' : 'external'} key store ${store.id}, disconnected` });
  return { CustomKeyStoreId: store.id };
}

export async function describeCustomKeyStores(engine: Engine, call: Call, input: DescribeCustomKeyStoresRequest): Promise<DescribeCustomKeyStoresResponse> {
  engine.authorizeAccount(call, 'DescribeCustomKeyStores');
  if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
    throw new ValidationException('Specify either CustomKeyStoreId or CustomKeyStoreName, not both.');
  }
  let stores = [...engine.state.customKeyStores.values()];
  if (input.CustomKeyStoreId !== undefined) stores = [findStore(engine, input.CustomKeyStoreId)];
  if (input.CustomKeyStoreName !== undefined) {
    stores = stores.filter((s) => s.name === input.CustomKeyStoreName);
    if (stores.length === 0) throw new CustomKeyStoreNotFoundException(`Custom key store ${input.CustomKeyStoreName} does not exist.`);
  }
  const { items, ...rest } = page(stores, input, { default: 100, max: 1000 });
  return { CustomKeyStores: items.map(storeEntry), ...rest };
}

export async function updateCustomKeyStore(engine: Engine, call: Call, input: UpdateCustomKeyStoreRequest): Promise<Record<string, never>> {
  engine.authorizeAccount(call, 'UpdateCustomKeyStore');
  const store = findStore(engine, input.CustomKeyStoreId);
  const hsm = store.type === 'AWS_CLOUDHSM';
  const stray = hsm ? XKS_MEMBERS.find((m) => input[m] !== undefined) : (['CloudHsmClusterId', 'KeyStorePassword'] as const).find((m) => input[m] !== undefined);
  if (stray) throw new ValidationException(`${stray} is not valid for a custom key store of type ${store.type}.`);
  const onlyName = [...XKS_MEMBERS, 'CloudHsmClusterId', 'KeyStorePassword'].every((m) => input[m as keyof UpdateCustomKeyStoreRequest] === undefined);
  // A connected store may change its name only; everything else waits for DISCONNECTED.
  if (store.connectionState !== 'DISCONNECTED' && !(onlyName && store.connectionState === 'CONNECTED')) {
    throw new CustomKeyStoreInvalidStateException(`Custom key store ${store.id} is ${store.connectionState}; update it while it is DISCONNECTED${onlyName ? ' or CONNECTED' : ''}.`);
  }
  if (input.NewCustomKeyStoreName !== undefined) requireName(engine, input.NewCustomKeyStoreName, store);
  if (input.CloudHsmClusterId !== undefined) requireFreeCluster(engine, input.CloudHsmClusterId, store);
  let xks = store.xks;
  if (xks) {
    xks = {
      ...xks,
      ...(input.XksProxyConnectivity !== undefined ? { connectivity: input.XksProxyConnectivity as XksProxySettings['connectivity'] } : {}),
      ...(input.XksProxyUriEndpoint !== undefined ? { uriEndpoint: input.XksProxyUriEndpoint } : {}),
      ...(input.XksProxyUriPath !== undefined ? { uriPath: input.XksProxyUriPath } : {}),
      ...(input.XksProxyVpcEndpointServiceName !== undefined ? { vpcEndpointServiceName: input.XksProxyVpcEndpointServiceName } : {}),
      ...(input.XksProxyVpcEndpointServiceOwner !== undefined ? { vpcEndpointServiceOwner: input.XksProxyVpcEndpointServiceOwner } : {}),
      ...(input.XksProxyAuthenticationCredential
        ? { accessKeyId: input.XksProxyAuthenticationCredential.AccessKeyId, secretAccessKey: input.XksProxyAuthenticationCredential.RawSecretAccessKey }
        : {}),
    };
    if (input.XksProxyConnectivity === 'PUBLIC_ENDPOINT') {
      delete xks.vpcEndpointServiceName;
      delete xks.vpcEndpointServiceOwner;
    }
    checkProxy(engine, xks, store);
  }
  // Everything checked: now the changes, together.
  if (input.NewCustomKeyStoreName !== undefined) store.name = input.NewCustomKeyStoreName;
  if (input.CloudHsmClusterId !== undefined) store.cloudHsmClusterId = input.CloudHsmClusterId;
  if (input.KeyStorePassword !== undefined) store.keyStorePassword = input.KeyStorePassword;
  if (xks) store.xks = xks;
  call.step({ kind: 'state-change', caption: `Update custom key store ${store.id}` });
  return {};
}

export async function deleteCustomKeyStore(engine: Engine, call: Call, input: CustomKeyStoreIdRequest): Promise<Record<string, never>> {
  engine.authorizeAccount(call, 'DeleteCustomKeyStore');
  const store = findStore(engine, input.CustomKeyStoreId);
  if (store.connectionState !== 'DISCONNECTED') {
    throw new CustomKeyStoreInvalidStateException(`Custom key store ${store.id} is ${store.connectionState}; disconnect it before deleting it.`);
  }
  for (const key of engine.state.keys.values()) {
    if (key.customKeyStoreId === store.id) {
      throw new CustomKeyStoreHasCMKsException(`Custom key store ${store.id} still holds KMS keys (${key.keyId}); schedule their deletion and wait for it first.`);
    }
  }
  engine.state.customKeyStores.delete(store.id);
  call.step({ kind: 'state-change', caption: `Delete custom key store ${store.id}` });
  return {};
}

/**
 * Connects at once. A CloudHSM store fails to connect, with
 * INVALID_CREDENTIALS, when the password KMS was last told differs from the
 * simulated cluster's kmsuser password (the one given at creation).
 */
export async function connectCustomKeyStore(engine: Engine, call: Call, input: CustomKeyStoreIdRequest): Promise<Record<string, never>> {
  engine.authorizeAccount(call, 'ConnectCustomKeyStore');
  const store = findStore(engine, input.CustomKeyStoreId);
  if (store.connectionState === 'FAILED' || store.connectionState === 'DISCONNECTING') {
    throw new CustomKeyStoreInvalidStateException(
      `Custom key store ${store.id} is ${store.connectionState}; ${store.connectionState === 'FAILED' ? 'disconnect it, then connect it again' : 'wait until it is DISCONNECTED'}.`,
    );
  }
  if (store.connectionState === 'CONNECTED') return {};
  if (store.type === 'AWS_CLOUDHSM' && store.keyStorePassword !== store.clusterPassword) {
    store.connectionState = 'FAILED';
    store.connectionErrorCode = 'INVALID_CREDENTIALS';
    call.step({ kind: 'state-change', caption: `Custom key store ${store.id} failed to connect: the kmsuser password is wrong` });
    return {};
  }
  store.connectionState = 'CONNECTED';
  delete store.connectionErrorCode;
  call.step({ kind: 'state-change', caption: `Custom key store ${store.id} is connected: its keys can be used` });
  return {};
}

export async function disconnectCustomKeyStore(engine: Engine, call: Call, input: CustomKeyStoreIdRequest): Promise<Record<string, never>> {
  engine.authorizeAccount(call, 'DisconnectCustomKeyStore');
  const store = findStore(engine, input.CustomKeyStoreId);
  if (store.connectionState === 'DISCONNECTED' || store.connectionState === 'DISCONNECTING') {
    throw new CustomKeyStoreInvalidStateException(`Custom key store ${store.id} is ${store.connectionState} already.`);
  }
  store.connectionState = 'DISCONNECTED';
  delete store.connectionErrorCode;
  call.step({ kind: 'state-change', caption: `Custom key store ${store.id} is disconnected: its keys are Unavailable` });
  return {};
}
