// A file sent to the import route as multipart/form-data, by XMLHttpRequest: fetch cannot tell how
// much of a large upload has gone. Failures become the same ApiError as every other request.
import type { LayerName } from '../../core/format/layers'
import { ApiError, csrfToken, routeUrl } from './client'
import type { ImportPreview, ImportResult } from './types'

export interface UploadOptions {
  encoding?: string
  crs?: string
  gcj02?: boolean
  /** Told the share of the file sent so far (0–1). */
  onProgress?: (sent: number) => void
  signal?: AbortSignal
}

export function uploadImport(layer: LayerName, file: File, preview: true, options?: UploadOptions): Promise<ImportPreview>
export function uploadImport(layer: LayerName, file: File, preview: false, options?: UploadOptions): Promise<ImportResult>
export function uploadImport(layer: LayerName, file: File, preview: boolean, options: UploadOptions = {}): Promise<ImportPreview | ImportResult> {
  const form = new FormData()
  form.set('file', file, file.name)
  if (options.encoding && options.encoding !== 'auto') form.set('encoding', options.encoding)
  if (options.crs) form.set('crs', options.crs)
  if (options.gcj02) form.set('gcj02', '1')
  const url = routeUrl('POST /api/layers/:layer/import', { layer }, preview ? { preview: 1 } : {})
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('accept', 'application/json')
    const token = csrfToken()
    if (token) xhr.setRequestHeader('x-csrf-token', token)
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) options.onProgress?.(e.loaded / e.total) }
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    xhr.onload = () => {
      let body: any
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        reject(new ApiError(xhr.status, 'bad_response', `${xhr.status} ${xhr.statusText}`))
        return
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body)
      else if (body && typeof body.error === 'object' && body.error) reject(new ApiError(xhr.status, body.error.code || 'error', body.error.message || xhr.statusText, body.error.details ?? null))
      else reject(new ApiError(xhr.status, xhr.status === 503 ? 'starting' : 'error', xhr.statusText))
    }
    options.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(form)
  })
}
