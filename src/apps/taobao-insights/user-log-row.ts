import type { Parsed } from '../../stream/runtime/index.js';
import type { UserLogRow } from '../taobao/user-log.js';

const whole = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v));

/**
 * One user_log row as `streamdash produce taobao --format json` sends it. The fields
 * the job uses must have their types; anything else is set aside, not guessed at.
 */
export function parseUserLogJson(text: string): Parsed<UserLogRow> {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON', text };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return { ok: false, reason: 'not a JSON object', text };
  const r = row as Record<string, unknown>;
  if (!whole(r.action) || !whole(r.age_range) || !(r.province === null || typeof r.province === 'string')) {
    return { ok: false, reason: 'action and age_range must be whole numbers or null, province a string or null', text };
  }
  return { ok: true, value: row as UserLogRow };
}
