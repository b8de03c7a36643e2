/**
 * Custom key stores as the simulator holds them. There is no CloudHSM
 * cluster nor external key manager behind one: a store only records what
 * it was told and its connection state, and the keys "in" it have their
 * material made and kept by the simulator like any other key.
 */
import type { StoreFacts } from './keys.ts';

export type CustomKeyStoreType = 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
export type ConnectionState = 'CONNECTED' | 'CONNECTING' | 'FAILED' | 'DISCONNECTED' | 'DISCONNECTING';
export const CONNECTION_STATES: readonly ConnectionState[] = ['CONNECTED', 'CONNECTING', 'FAILED', 'DISCONNECTED', 'DISCONNECTING'];
export const STORE_TYPES: readonly CustomKeyStoreType[] = ['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'];

export interface XksProxySettings {
  connectivity: 'PUBLIC_ENDPOINT' | 'VPC_ENDPOINT_SERVICE';
  uriEndpoint: string;
  uriPath: string;
  vpcEndpointServiceName?: string;
  vpcEndpointServiceOwner?: string;
  accessKeyId: string;
  /** Kept so a connection can be checked against it; never returned nor audited. */
  secretAccessKey: string;
}

export interface CustomKeyStoreRecord {
  id: string;
  name: string;
  type: CustomKeyStoreType;
  creationDate: Date;
  connectionState: ConnectionState;
  connectionErrorCode?: string;
  /** AWS_CLOUDHSM stores. */
  cloudHsmClusterId?: string;
  trustAnchorCertificate?: string;
  /** The kmsuser password KMS was last told (UpdateCustomKeyStore changes only this, not the cluster's). */
  keyStorePassword?: string;
  /** The simulated cluster's own kmsuser password: the one given when the store was created. */
  clusterPassword?: string;
  /** EXTERNAL_KEY_STORE stores. */
  xks?: XksProxySettings;
}

/** A new store's ID: "cks-" and 17 hexadecimal digits, as AWS's look. */
export function newStoreId(bytes: Uint8Array): string {
  return `cks-${Array.from(bytes.subarray(0, 9), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 17)}`;
}

/** What key metadata needs from a key's store. */
export function storeFacts(store: CustomKeyStoreRecord): StoreFacts {
  return { connected: store.connectionState === 'CONNECTED', ...(store.cloudHsmClusterId ? { cloudHsmClusterId: store.cloudHsmClusterId } : {}) };
}

/** One CustomKeyStoresListEntry, members in the model's order; secrets never leave. */
export function storeEntry(store: CustomKeyStoreRecord): Record<string, unknown> {
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
