import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * PGlite takes no lock on its data folder, and two processes writing one folder corrupt it
 * (a seed beside a running server, a watcher restarting). Hold `<folder>.lock` with our pid
 * while the folder is open; a lock left by a dead process is taken over.
 */
export function acquireFolderLock(folder: string): () => void {
  const lockPath = `${folder}.lock`
  mkdirSync(dirname(lockPath), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) rmSync(lockPath)
        } catch { /* already gone */ }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(lockPath, 'utf8'))
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The data folder ${folder} is in use by process ${holder} (lock file ${lockPath}). ` +
          'Stop that process first (a running `npm start`?), or set PGLITE_DIR to another folder.')
      }
      rmSync(lockPath, { force: true }) // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${folder}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
