import { connect } from 'node:net';
import { decodeResponse, encodeRequest } from '../protocol/messages.js';
import type { ApiSpec } from '../protocol/schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export class KafkaRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaRequestError';
  }
}

/**
 * One request over its own connection, through our own codec, for what the
 * client library lacks or mis-parses. Resolves with the decoded response body.
 */
export function kafkaRequest(host: string, port: number, api: ApiSpec, version: number, body: any, timeoutMs = 10000): Promise<any> {
  return new Promise((resolve, reject) => {
    const where = `${api.name} v${version} to ${host}:${port}`;
    const socket = connect(port, host);
    let received = Buffer.alloc(0);
    const fail = (message: string) => {
      socket.destroy();
      reject(new KafkaRequestError(`${where}: ${message}; check that --bootstrap names a running Kafka broker`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.on('error', (err) => fail(err.message));
    socket.on('close', () => fail('the broker closed the connection (it may not support this request version)'));
    socket.on('connect', () => {
      const frame = encodeRequest(api, { apiKey: api.apiKey, apiVersion: version, correlationId: 1, clientId: 'streamdash' }, body);
      for (const chunk of frame.chunks) socket.write(chunk);
    });
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.removeAllListeners('close');
      socket.destroy();
      try {
        resolve(decodeResponse(api, version, received.subarray(4, 4 + received.readInt32BE(0))).body);
      } catch (err) {
        reject(new KafkaRequestError(`${where}: unreadable response (${(err as Error).message})`));
      }
    });
  });
}
