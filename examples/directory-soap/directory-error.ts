// The directory's own errors, independent of SOAP: the service turns each into a SOAP 1.2 fault whose subcode is
// dir:CODE (Sender faults: the request is wrong; Receiver: the service failed).

/** Every fault subcode of the service (the local part of dir:CODE). */
export type DirectoryErrorCode =
  | 'NoSuchPerson'
  | 'NoSuchGroup'
  | 'DuplicateName'
  | 'InvalidAttribute'
  | 'InvalidValue'
  | 'InvalidPageToken'
  | 'PasswordPolicy'
  | 'InternalError';

/** A refused request: the code becomes the fault subcode, the message its reason. */
export class DirectoryError extends Error {
  override readonly name: string = 'DirectoryError';
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    readonly objectId?: string,
  ) {
    super(message);
  }

  /** SOAP 1.2 fault code: Receiver for the service's own failures, Sender for everything the client caused. */
  get receiver(): boolean {
    return this.code === 'InternalError';
  }
}
