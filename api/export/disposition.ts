/**
 * Content-Disposition for a download with a Chinese name (RFC 6266 with RFC 5987's filename*): an
 * ASCII fallback for old clients, the UTF-8 name for every browser since 2012.
 */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
