/**
 * Errors as AWS KMS returns them: `name` is the exception's name in the API
 * (the `__type` on the wire), `message` is AWS's text, word for word where
 * it is known (see ../shared/kms-facts.md §5).
 */
export class KmsError extends Error {
  /** HTTP status the JSON protocol sends it with. */
  readonly status: number;

  constructor(name: string, message: string, status = 400) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

function defineError(name: string, status = 400) {
  const ErrorClass = class extends KmsError {
    constructor(message = '') {
      super(name, message, status);
    }
  };
  Object.defineProperty(ErrorClass, 'name', { value: name });
  return ErrorClass;
}

export const AccessDeniedException = defineError('AccessDeniedException');
export const AlreadyExistsException = defineError('AlreadyExistsException');
export const CloudHsmClusterInUseException = defineError('CloudHsmClusterInUseException');
export const CustomKeyStoreHasCMKsException = defineError('CustomKeyStoreHasCMKsException');
export const CustomKeyStoreInvalidStateException = defineError('CustomKeyStoreInvalidStateException');
export const CustomKeyStoreNameInUseException = defineError('CustomKeyStoreNameInUseException');
export const CustomKeyStoreNotFoundException = defineError('CustomKeyStoreNotFoundException');
export const IncorrectTrustAnchorException = defineError('IncorrectTrustAnchorException');
export const XksKeyAlreadyInUseException = defineError('XksKeyAlreadyInUseException');
export const XksProxyUriInUseException = defineError('XksProxyUriInUseException');
export const XksProxyInvalidConfigurationException = defineError('XksProxyInvalidConfigurationException');
export const DisabledException = defineError('DisabledException');
export const DryRunOperationException = defineError('DryRunOperationException', 412);
export const ExpiredImportTokenException = defineError('ExpiredImportTokenException');
export const IncorrectKeyException = defineError('IncorrectKeyException');
export const IncorrectKeyMaterialException = defineError('IncorrectKeyMaterialException');
export const InvalidAliasNameException = defineError('InvalidAliasNameException');
export const InvalidArnException = defineError('InvalidArnException');
export const InvalidCiphertextException = defineError('InvalidCiphertextException');
export const InvalidGrantIdException = defineError('InvalidGrantIdException');
export const InvalidGrantTokenException = defineError('InvalidGrantTokenException');
export const InvalidImportTokenException = defineError('InvalidImportTokenException');
export const InvalidKeyUsageException = defineError('InvalidKeyUsageException');
export const InvalidMarkerException = defineError('InvalidMarkerException');
export const KMSInternalException = defineError('KMSInternalException', 500);
export const KMSInvalidMacException = defineError('KMSInvalidMacException');
export const KMSInvalidSignatureException = defineError('KMSInvalidSignatureException');
export const KMSInvalidStateException = defineError('KMSInvalidStateException');
export const LimitExceededException = defineError('LimitExceededException');
export const MalformedPolicyDocumentException = defineError('MalformedPolicyDocumentException');
export const NotFoundException = defineError('NotFoundException');
/** A member of the wrong type: AWS's JSON front end answers this before any validation. */
export const SerializationException = defineError('SerializationException');
export const TagException = defineError('TagException');
export const UnsupportedOperationException = defineError('UnsupportedOperationException');
export const ValidationException = defineError('ValidationException');
