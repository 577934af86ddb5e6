import type { BatchProblem } from './batch-header.js';

export type CorruptBatchKind = BatchProblem['kind'] | 'bad-records' | 'trailing-bytes';

/** A batch that cannot be decoded as it stands. `kind` says which check failed. */
export class CorruptBatchError extends Error {
  override readonly name = 'CorruptBatchError';

  constructor(
    readonly kind: CorruptBatchKind,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${detail}; the record batch is damaged or not a v2 batch: re-fetch it, and if it stays bad, check the client that wrote it`, options);
  }
}

/** Records or batch fields that no valid v2 batch could carry. */
export class InvalidBatchInputError extends Error {
  override readonly name = 'InvalidBatchInputError';
}
