import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A native addon, or null when it cannot load on this machine (no prebuilt
 * binary for the platform or libc). The reason is dropped on purpose: every
 * caller has a pure-TS fallback, so a missing addon costs speed, not function.
 */
export function loadNative<T>(id: string): T | null {
  try {
    return require(id) as T;
  } catch {
    return null;
  }
}
