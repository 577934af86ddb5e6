import type { Window } from '../records.js';

export const WINDOW_START_HEADER = 'window.start';
export const WINDOW_END_HEADER = 'window.end';

/** Headers naming a result's window (epoch ms, as text), so a reader can tell windows apart without parsing the value. */
export function windowHeaders(_value: unknown, window: Window): Record<string, string> {
  return { [WINDOW_START_HEADER]: String(window.start), [WINDOW_END_HEADER]: String(window.end) };
}
