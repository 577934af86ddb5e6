import { RuntimeError } from '../errors.js';

/** A query the store server cannot answer; `status` is the HTTP status it is answered with. */
export class QueryError extends RuntimeError {
  constructor(
    readonly status: 400 | 404 | 405,
    message: string,
  ) {
    super(message);
  }
}
