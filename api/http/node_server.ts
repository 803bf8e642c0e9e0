import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { msg } from '../../core/messages/catalogue.ts'
import { english } from '../../core/messages/english.ts'
import { errorBody } from './errors.ts'

// What Node's HTTP server answers before the app sees a request (headers too large, a request it
// cannot parse): the same JSON error body as every other refusal, not a bare status line.

function answer(socket: Duplex, status: number, reason: string, body: unknown): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const text = JSON.stringify(body)
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n`
    + `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`)
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const said = msg('errors.headers_too_large')
      return answer(socket, 431, 'Request Header Fields Too Large', errorBody('headers_too_large', english(said), { msg: said }))
    }
    const said = msg('errors.http_error')
    answer(socket, 400, 'Bad Request', errorBody('bad_request', english(said), { msg: said }))
  })
}

/** A reason for a failure that is safe to show anyone: its first line, without the SQL of a failed query. */
export function publicReason(error: unknown): string {
  let e = error as { message?: unknown; cause?: unknown } | undefined
  // Drizzle wraps the driver's error in "Failed query: <sql> params: …": the cause says what went wrong.
  while (e && typeof e.message === 'string' && e.message.startsWith('Failed query') && e.cause) e = e.cause as typeof e
  const first = String(e?.message ?? error).split('\n')[0]
  return first.replace(/\s+(query|sql):.*$/i, '').slice(0, 200)
}
