export class UnsupportedCompressionError extends Error {
  override readonly name = 'UnsupportedCompressionError';
}

export class CorruptCompressedDataError extends Error {
  override readonly name = 'CorruptCompressedDataError';

  constructor(codec: string, detail: string, options?: ErrorOptions) {
    super(`${codec} data is corrupt (${detail}); re-fetch the batch, and if it stays corrupt, check the producer's ${codec} codec`, options);
  }
}
