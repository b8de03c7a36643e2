/** Bytes turned into Python text: the two decodings the CLI applies to file contents and raw blobs. */

/** bytes.decode('latin-1'): each byte is the code point of the same number. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * What open(path, 'r').read() returns for these bytes: strict UTF-8 (a BOM
 * stays, as U+FEFF) with universal newlines, \r\n and a lone \r read as \n.
 * Bytes that are not UTF-8 throw (Python's UnicodeDecodeError).
 */
export function pyReadText(bytes: Uint8Array): string {
  return utf8.decode(bytes).replace(/\r\n?/g, '\n');
}
