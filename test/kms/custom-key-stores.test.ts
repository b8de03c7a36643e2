import { describe, expect, it } from 'vitest';
import type { Kms } from '../../src/kms/kms.ts';
import { restoreSnapshot, SnapshotError, takeSnapshot } from '../../src/kms/store.ts';
import { DAY, decode, encode, expectError, failure, newKms } from '../support/kms-test-helpers.ts';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUfake\n-----END CERTIFICATE-----\n';
const CLUSTER = 'cluster-234abcdefgh';
const CREDENTIAL = { AccessKeyId: 'ABCDEFGHIJ234567ABCD', RawSecretAccessKey: 'a'.repeat(43) };

function hsmStore(kms: Kms, name = 'hsm', cluster = CLUSTER) {
  return kms.createCustomKeyStore({ CustomKeyStoreName: name, CloudHsmClusterId: cluster, TrustAnchorCertificate: CERT, KeyStorePassword: 'kmsuser-pass' });
}

function xksStore(kms: Kms, name = 'xks', path = '/kms/xks/v1') {
  return kms.createCustomKeyStore({
    CustomKeyStoreName: name,
    CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
    XksProxyConnectivity: 'PUBLIC_ENDPOINT',
    XksProxyUriEndpoint: 'https://xks.example.com',
    XksProxyUriPath: path,
    XksProxyAuthenticationCredential: CREDENTIAL,
  });
}

async function entry(kms: Kms, id: string) {
  return (await kms.describeCustomKeyStores({ CustomKeyStoreId: id })).CustomKeyStores[0]!;
}

describe('CreateCustomKeyStore and DescribeCustomKeyStores', () => {
  it('creates a CloudHSM key store, disconnected, and describes it without its password', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    expect(CustomKeyStoreId).toMatch(/^cks-[0-9a-f]{17}$/);
    const described = await entry(kms, CustomKeyStoreId);
    expect(described).toEqual({
      CustomKeyStoreId,
      CustomKeyStoreName: 'hsm',
      CloudHsmClusterId: CLUSTER,
      TrustAnchorCertificate: CERT,
      ConnectionState: 'DISCONNECTED',
      CreationDate: expect.any(Date),
      CustomKeyStoreType: 'AWS_CLOUDHSM',
    });
    expect(JSON.stringify(described)).not.toContain('kmsuser-pass');
  });

  it('creates an external key store whose description names the proxy but not its secret', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await xksStore(kms);
    const described = await entry(kms, CustomKeyStoreId);
    expect(described['XksProxyConfiguration']).toEqual({
      Connectivity: 'PUBLIC_ENDPOINT',
      AccessKeyId: CREDENTIAL.AccessKeyId,
      UriEndpoint: 'https://xks.example.com',
      UriPath: '/kms/xks/v1',
    });
    expect(JSON.stringify(described)).not.toContain(CREDENTIAL.RawSecretAccessKey);
    expect(described['CloudHsmClusterId']).toBeUndefined();
  });

  it('refuses a name in use, a cluster in use, a bad trust anchor, missing or stray members, a proxy URI in use', async () => {
    const kms = await newKms();
    await hsmStore(kms);
    await xksStore(kms);
    await expectError(hsmStore(kms, 'hsm', 'cluster-2b34c5defgh'), 'CustomKeyStoreNameInUseException');
    await expectError(hsmStore(kms, 'other'), 'CloudHsmClusterInUseException');
    await expectError(
      kms.createCustomKeyStore({ CustomKeyStoreName: 'c', CloudHsmClusterId: 'cluster-3c45d6efghi', TrustAnchorCertificate: 'not a cert', KeyStorePassword: 'kmsuser-pass' }),
      'IncorrectTrustAnchorException',
    );
    await expectError(kms.createCustomKeyStore({ CustomKeyStoreName: 'd', CloudHsmClusterId: 'cluster-3c45d6efghi' }), 'ValidationException', 'TrustAnchorCertificate is required for a custom key store of type AWS_CLOUDHSM.');
    await expectError(
      kms.createCustomKeyStore({ CustomKeyStoreName: 'e', CustomKeyStoreType: 'EXTERNAL_KEY_STORE', CloudHsmClusterId: 'cluster-3c45d6efghi' }),
      'ValidationException',
    );
    await expectError(xksStore(kms, 'xks2'), 'XksProxyUriInUseException');
    await expectError(
      kms.createCustomKeyStore({
        CustomKeyStoreName: 'vpc',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE',
        XksProxyUriEndpoint: 'https://xks2.example.com',
        XksProxyUriPath: '/kms/xks/v1',
        XksProxyAuthenticationCredential: CREDENTIAL,
      }),
      'XksProxyInvalidConfigurationException',
    );
    // The model's patterns still apply (validate.ts): a cluster ID must look like one.
    await expectError(hsmStore(kms, 'bad', 'cluster-x'), 'ValidationException');
    expect((await kms.describeCustomKeyStores()).CustomKeyStores).toHaveLength(2);
  });

  it('finds stores by ID or name, refuses unknown ones, and pages with Limit and Marker', async () => {
    const kms = await newKms();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await xksStore(kms, `x${i}`, `/kms/xks/v${i}`)).CustomKeyStoreId);
    expect((await kms.describeCustomKeyStores({ CustomKeyStoreName: 'x3' })).CustomKeyStores.map((s) => s['CustomKeyStoreId'])).toEqual([ids[3]]);
    await expectError(kms.describeCustomKeyStores({ CustomKeyStoreName: 'nope' }), 'CustomKeyStoreNotFoundException');
    await expectError(kms.describeCustomKeyStores({ CustomKeyStoreId: 'cks-00000000000000000' }), 'CustomKeyStoreNotFoundException');
    const first = await kms.describeCustomKeyStores({ Limit: 2 });
    expect(first.Truncated).toBe(true);
    const seen = first.CustomKeyStores.map((s) => s['CustomKeyStoreId']);
    let marker = first.NextMarker;
    while (marker) {
      const next = await kms.describeCustomKeyStores({ Limit: 2, Marker: marker });
      seen.push(...next.CustomKeyStores.map((s) => s['CustomKeyStoreId']));
      marker = next.NextMarker;
    }
    expect(seen).toEqual(ids);
    await expectError(kms.describeCustomKeyStores({ Marker: 'junk!' }), 'InvalidMarkerException');
  });
});

describe('connection states', () => {
  it('connects at once, refuses to disconnect a disconnected store, and connecting twice changes nothing', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await expectError(kms.disconnectCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreInvalidStateException');
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    expect((await entry(kms, CustomKeyStoreId))['ConnectionState']).toBe('CONNECTED');
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    await kms.disconnectCustomKeyStore({ CustomKeyStoreId });
    expect((await entry(kms, CustomKeyStoreId))['ConnectionState']).toBe('DISCONNECTED');
  });

  it('a CloudHSM store told a wrong kmsuser password fails with INVALID_CREDENTIALS until disconnected and corrected', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await kms.updateCustomKeyStore({ CustomKeyStoreId, KeyStorePassword: 'wrong-pass' });
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    expect(await entry(kms, CustomKeyStoreId)).toMatchObject({ ConnectionState: 'FAILED', ConnectionErrorCode: 'INVALID_CREDENTIALS' });
    await expectError(kms.connectCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreInvalidStateException');
    await expectError(kms.updateCustomKeyStore({ CustomKeyStoreId, KeyStorePassword: 'kmsuser-pass' }), 'CustomKeyStoreInvalidStateException');
    await kms.disconnectCustomKeyStore({ CustomKeyStoreId });
    expect((await entry(kms, CustomKeyStoreId))['ConnectionErrorCode']).toBeUndefined();
    await kms.updateCustomKeyStore({ CustomKeyStoreId, KeyStorePassword: 'kmsuser-pass' });
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    expect((await entry(kms, CustomKeyStoreId))['ConnectionState']).toBe('CONNECTED');
  });
});

describe('UpdateCustomKeyStore and DeleteCustomKeyStore', () => {
  it('renames a connected store, but changes anything else only while disconnected', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await xksStore(kms);
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    await kms.updateCustomKeyStore({ CustomKeyStoreId, NewCustomKeyStoreName: 'renamed' });
    expect((await entry(kms, CustomKeyStoreId))['CustomKeyStoreName']).toBe('renamed');
    await expectError(kms.updateCustomKeyStore({ CustomKeyStoreId, XksProxyUriPath: '/kms/xks/v2' }), 'CustomKeyStoreInvalidStateException');
    await kms.disconnectCustomKeyStore({ CustomKeyStoreId });
    await kms.updateCustomKeyStore({ CustomKeyStoreId, XksProxyUriPath: '/kms/xks/v2' });
    expect((await entry(kms, CustomKeyStoreId))['XksProxyConfiguration']).toMatchObject({ UriPath: '/kms/xks/v2' });
    await expectError(kms.updateCustomKeyStore({ CustomKeyStoreId, KeyStorePassword: 'kmsuser-pass' }), 'ValidationException');
    await expectError(kms.updateCustomKeyStore({ CustomKeyStoreId: 'cks-00000000000000000' }), 'CustomKeyStoreNotFoundException');
    const other = await hsmStore(kms);
    await expectError(kms.updateCustomKeyStore({ CustomKeyStoreId: other.CustomKeyStoreId, NewCustomKeyStoreName: 'renamed' }), 'CustomKeyStoreNameInUseException');
  });

  it('deletes a disconnected, empty store only', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    const { KeyMetadata } = await kms.createKey({ CustomKeyStoreId, Origin: 'AWS_CLOUDHSM' });
    await expectError(kms.deleteCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreInvalidStateException');
    await kms.disconnectCustomKeyStore({ CustomKeyStoreId });
    await expectError(kms.deleteCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreHasCMKsException');
    await kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 });
    await expectError(kms.deleteCustomKeyStore({ CustomKeyStoreId }), 'CustomKeyStoreHasCMKsException');
    await kms.advanceTime(8 * DAY);
    await kms.deleteCustomKeyStore({ CustomKeyStoreId });
    await expectError(kms.describeCustomKeyStores({ CustomKeyStoreId }), 'CustomKeyStoreNotFoundException');
  });
});

describe('keys in custom key stores', () => {
  it('a CloudHSM key is symmetric, reports its store and cluster, and is Unavailable while the store is disconnected', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await expectError(kms.createKey({ CustomKeyStoreId, Origin: 'AWS_CLOUDHSM' }), 'CustomKeyStoreInvalidStateException');
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    const { KeyMetadata } = await kms.createKey({ CustomKeyStoreId, Origin: 'AWS_CLOUDHSM' });
    expect(KeyMetadata).toMatchObject({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId, CloudHsmClusterId: CLUSTER, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    const KeyId = KeyMetadata.KeyId;
    const blob = await kms.encrypt({ KeyId, Plaintext: encode('in the HSM') });
    await kms.disconnectCustomKeyStore({ CustomKeyStoreId });
    expect((await kms.describeKey({ KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Unavailable', Enabled: false });
    await expectError(kms.decrypt({ CiphertextBlob: blob.CiphertextBlob }), 'KMSInvalidStateException', `${KeyMetadata.Arn} is unavailable.`);
    await expectError(kms.encrypt({ KeyId, Plaintext: encode('x') }), 'KMSInvalidStateException');
    // Still managed while unavailable.
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    expect((await kms.describeKey({ KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    expect(decode((await kms.decrypt({ CiphertextBlob: blob.CiphertextBlob })).Plaintext)).toBe('in the HSM');
    await expectError(kms.enableKeyRotation({ KeyId }), 'UnsupportedOperationException');
    await expectError(kms.createKey({ CustomKeyStoreId, Origin: 'AWS_CLOUDHSM', KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }), 'UnsupportedOperationException');
    await expectError(kms.createKey({ CustomKeyStoreId, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'k1' }), 'ValidationException');
    await expectError(kms.createKey({ Origin: 'AWS_CLOUDHSM' }), 'ValidationException');
    await expectError(kms.createKey({ CustomKeyStoreId: 'cks-00000000000000000', Origin: 'AWS_CLOUDHSM' }), 'CustomKeyStoreNotFoundException');
  });

  it('an external key store key needs an XksKeyId, used once per store, and shows it in XksKeyConfiguration', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await xksStore(kms);
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    await expectError(kms.createKey({ CustomKeyStoreId, Origin: 'EXTERNAL_KEY_STORE' }), 'ValidationException', 'XksKeyId is required with Origin EXTERNAL_KEY_STORE.');
    const { KeyMetadata } = await kms.createKey({ CustomKeyStoreId, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'ext-key-1' });
    expect(KeyMetadata).toMatchObject({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId, XksKeyConfiguration: { Id: 'ext-key-1' } });
    expect(KeyMetadata['CloudHsmClusterId']).toBeUndefined();
    await expectError(kms.createKey({ CustomKeyStoreId, Origin: 'EXTERNAL_KEY_STORE', XksKeyId: 'ext-key-1' }), 'XksKeyAlreadyInUseException');
    await expectError(kms.createKey({ XksKeyId: 'ext-key-2' }), 'ValidationException');
    const data = await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, NumberOfBytes: 32 });
    expect(data.Plaintext).toHaveLength(32);
  });

  it('GenerateRandom takes a connected CloudHSM key store, not an external one', async () => {
    const kms = await newKms();
    const hsm = (await hsmStore(kms)).CustomKeyStoreId;
    const xks = (await xksStore(kms)).CustomKeyStoreId;
    await expectError(kms.generateRandom({ NumberOfBytes: 8, CustomKeyStoreId: hsm }), 'CustomKeyStoreInvalidStateException');
    await kms.connectCustomKeyStore({ CustomKeyStoreId: hsm });
    expect((await kms.generateRandom({ NumberOfBytes: 8, CustomKeyStoreId: hsm })).Plaintext).toHaveLength(8);
    await expectError(kms.generateRandom({ NumberOfBytes: 8, CustomKeyStoreId: xks }), 'UnsupportedOperationException');
  });
});

describe('audit and persistence', () => {
  it('audits each call without the password or the proxy secret', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await xksStore(kms);
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    await failure(kms.deleteCustomKeyStore({ CustomKeyStoreId }));
    const events = kms.auditLog().slice(-4);
    expect(events.map((e) => [e.eventName, e.errorCode ?? null])).toEqual([
      ['CreateCustomKeyStore', null],
      ['CreateCustomKeyStore', null],
      ['ConnectCustomKeyStore', null],
      ['DeleteCustomKeyStore', 'CustomKeyStoreInvalidStateException'],
    ]);
    expect(events[0]!.requestParameters).toMatchObject({ customKeyStoreName: 'hsm', cloudHsmClusterId: CLUSTER });
    const text = JSON.stringify(events);
    expect(text).not.toContain('kmsuser-pass');
    expect(text).not.toContain(CREDENTIAL.RawSecretAccessKey);
    expect((await kms.describeCustomKeyStores()) && kms.auditLog().at(-1)!.readOnly).toBe(true);
  });

  it('a snapshot carries the stores, their states and their keys; a key naming a missing store is refused', async () => {
    const kms = await newKms();
    const { CustomKeyStoreId } = await hsmStore(kms);
    await kms.connectCustomKeyStore({ CustomKeyStoreId });
    const { KeyMetadata } = await kms.createKey({ CustomKeyStoreId, Origin: 'AWS_CLOUDHSM' });
    const blob = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: encode('kept') });
    const snapshot = takeSnapshot(kms);
    const restored = restoreSnapshot(snapshot);
    expect(await restored.describeCustomKeyStores()).toEqual(await kms.describeCustomKeyStores());
    expect((await restored.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata).toMatchObject({ CustomKeyStoreId, CloudHsmClusterId: CLUSTER });
    expect(decode((await restored.decrypt({ CiphertextBlob: blob.CiphertextBlob })).Plaintext)).toBe('kept');
    // The kmsuser password travels too: a wrong update still fails to connect after a restore.
    await restored.disconnectCustomKeyStore({ CustomKeyStoreId });
    await restored.updateCustomKeyStore({ CustomKeyStoreId, KeyStorePassword: 'wrong-pass' });
    const again = restoreSnapshot(takeSnapshot(restored));
    await again.connectCustomKeyStore({ CustomKeyStoreId });
    expect((await entry(again, CustomKeyStoreId))['ConnectionState']).toBe('FAILED');

    expect(() => restoreSnapshot({ ...snapshot, customKeyStores: [] })).toThrow(/keys\.\d+\.customKeyStoreId: no custom key store/);
    expect(() => restoreSnapshot({ ...snapshot, customKeyStores: [{ ...snapshot.customKeyStores[0], connectionState: 'HALF' }] })).toThrow(SnapshotError);
    // Snapshots from before custom key stores restore with none.
    const { customKeyStores: _dropped, ...older } = takeSnapshot(await newKms(2));
    expect((await restoreSnapshot(older).describeCustomKeyStores()).CustomKeyStores).toEqual([]);
  });
});
