/**
 * Offset conversion between the encodings parsers report and the UTF-16
 * offsets the model uses. libpg-query reports UTF-8 byte offsets for node
 * locations and tokens, but code-point offsets for error cursors.
 */

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

export interface OffsetMap {
  /** UTF-8 byte offset → UTF-16 offset (offsets inside a character map to its start). */
  fromByte(byte: number): number;
  /** Code-point offset → UTF-16 offset. */
  fromCodePoint(cp: number): number;
}

export function offsetMap(text: string): OffsetMap {
  if (!NON_ASCII.test(text)) {
    const len = text.length;
    return {
      fromByte: (b) => clamp(b, len),
      fromCodePoint: (c) => clamp(c, len),
    };
  }
  return new Utf8Map(text);
}

function clamp(n: number, max: number): number {
  return n < 0 ? 0 : n > max ? max : n;
}

class Utf8Map implements OffsetMap {
  private readonly bytes: Uint32Array;
  private cps: Uint32Array | undefined;

  constructor(private readonly text: string) {
    const len = text.length;
    // Worst case three bytes per UTF-16 unit (a surrogate pair is four bytes for two units).
    const tmp = new Uint32Array(len * 3 + 1);
    let b = 0;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      let n: number;
      if (c < 0x80) n = 1;
      else if (c < 0x800) n = 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          for (let k = 0; k < 4; k++) tmp[b++] = i;
          i++;
          continue;
        }
        n = 3;
      } else n = 3;
      for (let k = 0; k < n; k++) tmp[b++] = i;
    }
    tmp[b] = len;
    this.bytes = tmp.subarray(0, b + 1);
  }

  fromByte(byte: number): number {
    if (byte <= 0) return 0;
    if (byte >= this.bytes.length) return this.text.length;
    return this.bytes[byte]!;
  }

  fromCodePoint(cp: number): number {
    if (!this.cps) {
      const out: number[] = [];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        out.push(i);
        const c = t.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
          const d = t.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) i++;
        }
      }
      out.push(t.length);
      this.cps = Uint32Array.from(out);
    }
    if (cp <= 0) return 0;
    if (cp >= this.cps.length) return this.text.length;
    return this.cps[cp]!;
  }
}
