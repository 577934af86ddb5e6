/** Inputs that exercise codecs: empty, tiny, repetitive (long matches, overlapping copies), incompressible, and larger than one 64 KiB block. */
export function codecSamples(): Buffer[] {
  let x = 0x9e3779b9;
  const noise = Buffer.alloc(70_000);
  for (let i = 0; i < noise.length; i++) {
    // xorshift32: reproducible incompressible bytes
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  return [
    Buffer.alloc(0),
    Buffer.from('a'),
    Buffer.from('ünïcødé 键 🚀 '.repeat(3)),
    Buffer.alloc(200_000, 'abcabcabd'),
    Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"user":${i % 37},"page":"/p/${i % 11}"}`).join('\n')),
    noise,
  ];
}
