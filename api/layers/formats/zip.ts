import { unzipSync } from 'fflate'
import { ApiError } from '../../http/errors.ts'
import { msg } from '../../../core/messages/catalogue.ts'
import { unreadable } from './errors.ts'

// Archives (a zipped Shapefile, a KMZ) are weighed by what their directory declares before anything
// is unpacked: the sum of the uncompressed sizes against import.maxUnpackedBytes and its ratio to
// the archive's size against import.maxCompressionRatio. A zip bomb is refused without being inflated;
// an entry that lies about its size is cut at what it declared (fflate inflates into a buffer that size).

export interface ZipLimits {
  maxUnpackedBytes: number
  maxCompressionRatio: number
}

/** The entries of an archive, weighed first; `wanted` picks which to unpack (by name). */
export function unzipChecked(file: string, bytes: Uint8Array, limits: ZipLimits, wanted: (name: string) => boolean = () => true): Record<string, Uint8Array> {
  weighArchive(file, bytes, limits)
  try {
    return unzipSync(bytes, { filter: (f) => !f.name.startsWith('__MACOSX/') && !f.name.endsWith('/') && wanted(f.name) })
  } catch (error) {
    throw unreadable(file, 'ZIP', (error as Error).message)
  }
}

/** Refuse an archive by its declared sizes (413), before unpacking any of it. */
export function weighArchive(file: string, bytes: Uint8Array, limits: ZipLimits): number {
  let declared = 0
  try {
    unzipSync(bytes, { filter: (f) => { declared += f.originalSize; return false } })
  } catch (error) {
    throw unreadable(file, 'ZIP', (error as Error).message)
  }
  if (declared > limits.maxUnpackedBytes) {
    throw new ApiError(413, 'zip_too_large', msg('import.zip_too_large', { bytes: declared, max: limits.maxUnpackedBytes, setting: 'import.maxUnpackedBytes' }))
  }
  const ratio = declared / Math.max(1, bytes.length)
  if (ratio > limits.maxCompressionRatio) {
    throw new ApiError(413, 'zip_ratio', msg('import.zip_ratio', { ratio: Math.round(ratio), max: limits.maxCompressionRatio, setting: 'import.maxCompressionRatio' }))
  }
  return declared
}
