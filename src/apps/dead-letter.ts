import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

/** One input record that was set aside, with where it came from and why. */
export interface DeadLetter {
  line: number;
  reason: string;
  text: string;
}

/**
 * Bad input is written here, one JSON object a line ({line, reason, text}), so
 * it can be inspected and replayed once fixed. The file is only created when
 * the first bad record arrives: a clean run leaves nothing behind.
 */
export class DeadLetterFile {
  #fd: number | undefined;
  #count = 0;
  readonly byReason = new Map<string, number>();

  constructor(readonly path: string) {}

  get count(): number {
    return this.#count;
  }

  write(letter: DeadLetter): void {
    if (this.#fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#fd = openSync(this.path, 'a');
    }
    writeSync(this.#fd, JSON.stringify(letter) + '\n');
    this.#count++;
    const kind = reasonKind(letter.reason);
    this.byReason.set(kind, (this.byReason.get(kind) ?? 0) + 1);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Groups reasons for the summary: "user_id \"x1\" is not a number" counts under `user_id is not a number`. */
function reasonKind(reason: string): string {
  return reason.replace(/\s*"[^"]*"\s*/g, ' ').replace(/\d+/g, 'N').replace(/\s+/g, ' ').trim();
}
