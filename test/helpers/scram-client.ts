import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * The client side of SCRAM (RFC 5802), written from the RFC on its own (it shares nothing with the
 * broker's code), for tests that drive the exchange by hand, as over the SaslHandshake v0 flow.
 */
export class ScramClient {
  private readonly nonce = randomBytes(16).toString('base64');
  private readonly bare: string;
  private expectedServerSignature: Buffer | undefined;

  constructor(
    private readonly hash: 'sha256' | 'sha512',
    user: string,
    private readonly password: string,
  ) {
    this.bare = `n=${user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${this.nonce}`;
  }

  first(): Buffer {
    return Buffer.from(`n,,${this.bare}`);
  }

  /** `echo` gives the nonce sent back from ours and the server's full one (librdkafka before 2.6.1 sends `own + full`). */
  final(serverFirst: Buffer, echo: (own: string, full: string) => string = (_own, full) => full): Buffer {
    const text = serverFirst.toString();
    const attrs = new Map(text.split(',').map((kv) => [kv[0], kv.slice(2)]));
    const nonce = attrs.get('r')!;
    if (!nonce.startsWith(this.nonce)) throw new Error(`server nonce ${nonce} does not extend ours`);
    const salted = pbkdf2Sync(this.password, Buffer.from(attrs.get('s')!, 'base64'), Number(attrs.get('i')), this.hash === 'sha256' ? 32 : 64, this.hash);
    const mac = (key: Buffer, data: string) => createHmac(this.hash, key).update(data).digest();
    const clientKey = mac(salted, 'Client Key');
    const withoutProof = `c=biws,r=${echo(this.nonce, nonce)}`;
    const authMessage = `${this.bare},${text},${withoutProof}`;
    const signature = mac(createHash(this.hash).update(clientKey).digest(), authMessage);
    this.expectedServerSignature = mac(mac(salted, 'Server Key'), authMessage);
    return Buffer.from(`${withoutProof},p=${Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64')}`);
  }

  /** Whether the server's final message proves it knew the credential. */
  serverProven(serverFinal: Buffer): boolean {
    return serverFinal.toString() === `v=${this.expectedServerSignature!.toString('base64')}`;
  }
}
