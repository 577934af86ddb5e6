import type { ReplaySummary } from './replay.js';

/** The end-of-run report: what was sent, how fast, and what was set aside and where. */
export function formatReplaySummary(s: ReplaySummary, topic: string, deadLetterPath: string): string {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(s.sent / seconds) : s.sent;
  const lines = [
    `${s.failure ? 'failed' : s.interrupted ? 'interrupted' : 'done'}: ${n(s.sent)} rows sent to "${topic}" in ${seconds.toFixed(1)} s (${n(rate)} rows/s)` +
      (s.passes > 1 ? ` over ${s.passes} passes` : ''),
  ];
  if (s.queued > s.sent) lines.push(`  ${n(s.queued - s.sent)} rows were queued but not acknowledged`);
  if (s.bad > 0) {
    lines.push(`  ${n(s.bad)} bad rows skipped and written with their line numbers to ${deadLetterPath}`);
    for (const [reason, count] of s.badByReason) lines.push(`    ${n(count)} × ${reason}`);
  } else {
    lines.push('  no bad rows');
  }
  if (s.failure) lines.push(`  ${s.failure.message}`);
  return lines.join('\n');
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}
