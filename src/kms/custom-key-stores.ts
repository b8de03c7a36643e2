/**
 * Custom key stores as the simulator holds them. There is no CloudHSM
 * cluster nor external key manager behind one: a store only records what
 * it was told and its connection state, and the keys "in" it have their
 * material made and kept by the simulator like any other key.
 */
import type { Engine } from './engine.ts';
import { CustomKeyStoreNotFoundException } from './errors.ts';
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

/** What key metadata needs from a key's store. */
export function storeFacts(store: CustomKeyStoreRecord): StoreFacts {
  return { connected: store.connectionState === 'CONNECTED', ...(store.cloudHsmClusterId ? { cloudHsmClusterId: store.cloudHsmClusterId } : {}) };
}

/** The store a CustomKeyStoreId names, or AWS's not-found error (CreateKey and GenerateRandom need it too, not only the store operations). */
export function findStore(engine: Engine, id: string): CustomKeyStoreRecord {
  const store = engine.state.customKeyStores.get(id);
  if (!store) throw new CustomKeyStoreNotFoundException(`Custom key store ${id} does not exist.`);
  return store;
}
