import type { TextEncodingChoice } from './types.ts'

// Text of a CSV or an attribute table: a byte-order mark says UTF-8 (or UTF-16); a user's choice
// wins; otherwise UTF-8 if the bytes are valid UTF-8, else GB18030 (the superset of GBK and GB2312,
// which county offices' Excel and ArcGIS save in). Node with full ICU decodes both.

export interface Decoded {
  text: string
  encoding: string
  /** Guessed rather than marked or chosen. */
  guessed: boolean
}

export function decodeText(bytes: Uint8Array, choice: TextEncodingChoice = 'auto'): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', guessed: false }
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be'
    return { text: new TextDecoder(encoding).decode(bytes.subarray(2)), encoding, guessed: false }
  }
  if (choice !== 'auto') return { text: new TextDecoder(choice).decode(bytes), encoding: choice, guessed: false }
  const encoding = guessEncoding(bytes)
  return { text: new TextDecoder(encoding).decode(bytes), encoding, guessed: encoding !== 'utf-8' }
}

/** utf-8 when the bytes are valid UTF-8, else gb18030. */
export function guessEncoding(bytes: Uint8Array): 'utf-8' | 'gb18030' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

/** A Shapefile's .cpg (or a choice) as a TextDecoder label; undefined when it names nothing we read. */
export function encodingFromCpg(cpg: string): string | undefined {
  const name = cpg.trim().toLowerCase().replace(/^cp/, '')
  if (['utf-8', 'utf8', '65001'].includes(name)) return 'utf-8'
  if (['936', 'gbk', 'gb2312', 'ansi 936', 'windows-936', 'ms936'].includes(name)) return 'gbk'
  if (['gb18030', '54936'].includes(name)) return 'gb18030'
  if (['1252', 'windows-1252', 'latin1', 'iso-8859-1', '88591', '8859_1'].includes(name)) return 'windows-1252'
  if (['big5', '950'].includes(name)) return 'big5'
  return undefined
}
