import { apiVersionsHandler } from './api-versions.js';
import { createTopicsHandler } from './create-topics.js';
import { deleteTopicsHandler } from './delete-topics.js';
import { fetchHandler } from './fetch.js';
import { listOffsetsHandler } from './list-offsets.js';
import { metadataHandler } from './metadata.js';
import { produceHandler } from './produce.js';
import type { ApiHandler } from './types.js';

/** Every API the broker serves, by API key. One file per API. */
export const HANDLERS: ReadonlyMap<number, ApiHandler> = new Map(
  [apiVersionsHandler, metadataHandler, produceHandler, fetchHandler, listOffsetsHandler, createTopicsHandler, deleteTopicsHandler].map(
    (h) => [h.spec.apiKey, h],
  ),
);

export function advertisedVersions() {
  return [...HANDLERS.values()]
    .map((h) => ({ apiKey: h.spec.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
}
