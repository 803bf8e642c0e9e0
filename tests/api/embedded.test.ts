// The embedded database's start-up assets (db/embedded.ts): the lean PostGIS bundle holds what a
// vector database needs and nothing else, and a new data folder made from the template is a
// working PostGIS database that keeps its data when opened again. PGlite only.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import geographiclib from 'geographiclib-geodesic'
import tar from 'tar-stream'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client.ts'
import { keepInLeanBundle, leanBundlePath, postgisExtension, templatePath } from '../../db/embedded.ts'

async function entries(path: string): Promise<string[]> {
  const names: string[] = []
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    names.push(header.name)
    stream.on('end', next)
    stream.resume()
  })
  await pipeline(createReadStream(path), createGunzip(), extract)
  return names
}

const dir = mkdtempSync(join(tmpdir(), 'fupin-embedded-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded database assets', () => {
  it('keeps postgis, its install script and the PROJ data; drops raster, topology and the tiger geocoder', () => {
    expect(keepInLeanBundle('lib/postgresql/postgis-3.so')).toBe(true)
    expect(keepInLeanBundle('share/postgresql/extension/postgis.control')).toBe(true)
    expect(keepInLeanBundle('share/postgresql/extension/postgis--3.6.2.sql')).toBe(true)
    expect(keepInLeanBundle('share/proj/proj.db')).toBe(true)
    expect(keepInLeanBundle('lib/postgresql/')).toBe(true)
    for (const name of [
      'lib/postgresql/postgis_raster-3.so', 'lib/postgresql/postgis_topology-3.so',
      'share/postgresql/extension/postgis--3.5.0--3.6.2.sql', 'share/postgresql/extension/postgis--ANY--3.6.2.sql',
      'share/postgresql/extension/postgis--unpackaged--3.6.2.sql', 'share/postgresql/extension/postgis_tiger_geocoder--3.6.2.sql',
      'share/postgresql/contrib/postgis-3.6/spatial_ref_sys.sql',
    ]) expect(keepInLeanBundle(name), name).toBe(false)
  })

  it('makes the lean bundle from the package, with one library in it', async () => {
    await postgisExtension()
    const names = await entries(leanBundlePath())
    expect(names.filter((n) => n.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so'])
    expect(names).toContain('share/postgresql/extension/postgis.control')
    expect(names).toContain('share/proj/proj.db')
    expect(names.every(keepInLeanBundle)).toBe(true)
  })

  it('starts a new data folder from the template: PostGIS with its spatial references, migrated, kept on reopening', async () => {
    const folder = join(dir, 'pglite')
    const first = await openDatabase({ dataDir: folder })
    try {
      expect(templatePath()).toMatch(/template-pglite-0\.5\.8-postgis-/)
      const [row] = await first.rows<{ version: string; srs: number; distance: number }>(sql`
        SELECT postgis_lib_version() AS version, (SELECT count(*)::int FROM spatial_ref_sys) AS srs,
               ST_Distance('SRID=4326;POINT(114.5 24.7)'::geography, 'SRID=4326;POINT(114.6 24.8)'::geography) AS distance`)
      expect(row.version).toMatch(/^3\.6\./)
      expect(row.srs).toBeGreaterThan(8000)
      // The geodesic on the WGS84 ellipsoid, computed independently (GeographicLib).
      const expected = geographiclib.Geodesic.WGS84.Inverse(24.7, 114.5, 24.8, 114.6).s12!
      expect(row.distance).toBeCloseTo(expected, 2)
      await first.rows(sql`INSERT INTO settings (scope, key, value) VALUES ('360729', 'water_radius_m', '1200'::jsonb)`)
    } finally {
      await first.close()
    }
    const again = await openDatabase({ dataDir: folder })
    try {
      const [{ value }] = await again.rows<{ value: number }>(sql`SELECT value FROM settings WHERE scope = '360729' AND key = 'water_radius_m'`)
      expect(value).toBe(1200)
    } finally {
      await again.close()
    }
  })
})
