/** UTF-8 decoding for the core's parsers, and encoding for its exports. */

/** The slice of the WHATWG TextDecoder we use. It is a global in Node and browsers; the core's ES-only lib does not declare it. */
interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
const TextDecoderImpl = (
  globalThis as unknown as {
    TextDecoder: new (label: string, options?: { ignoreBOM?: boolean; fatal?: boolean }) => Utf8Decoder;
  }
).TextDecoder;

/** Decodes UTF-8 without dropping a leading U+FEFF: only the file's first bytes may be a byte order mark. */
export const utf8 = new TextDecoderImpl('utf-8', { ignoreBOM: true });
/** Like utf8, but throws on bytes that are not UTF-8 (to tell binary data from text). */
export const strictUtf8 = new TextDecoderImpl('utf-8', { ignoreBOM: true, fatal: true });
const withoutBom = new TextDecoderImpl('utf-8');

/** A whole file's bytes as UTF-8 text, without a byte-order mark; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return withoutBom.decode(bytes);
}

/** The WHATWG TextEncoder, a global in Node and browsers that the core's ES-only lib does not declare. */
const encoder = new (
  globalThis as unknown as { TextEncoder: new () => { encode(text: string): Uint8Array } }
).TextEncoder();

/** `text` as UTF-8 bytes. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
