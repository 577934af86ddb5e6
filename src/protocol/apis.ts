import type { ApiSpec } from './schema.js';
import { ApiVersions } from './schemas/api-versions.js';

/** Every API spec this project knows, by API key. */
export const API_SPECS: ReadonlyMap<number, ApiSpec> = new Map([ApiVersions].map((s) => [s.apiKey, s]));

export { ApiVersions };
