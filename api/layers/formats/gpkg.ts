import { createRequire } from 'node:module'
import initSqlJs from 'sql.js'
import wkx from 'wkx'
import type { Geometry } from 'geojson'
import { msg } from '../../../core/messages/catalogue.ts'
import { ApiError } from '../../http/errors.ts'
import { crsFromCode, crsFromWkt, maxFirstCoordinate, type Crs } from './crs.ts'
import { KIND_NAMES, mismatch, sniff, unreadable } from './errors.ts'
import type { ReadFile, ReadOptions, Upload } from './types.ts'

// GeoPackage (QGIS, the bureaus' exchange): the first feature table of gpkg_contents (or the one
// named like the layer), read with sql.js; each geometry is a GeoPackage blob (a "GP" header with
// an optional envelope) followed by WKB, which wkx reads; the coordinate system from
// gpkg_spatial_ref_sys (an EPSG code, else its WKT).

const require = createRequire(import.meta.url)
let sqlJs: ReturnType<typeof initSqlJs> | undefined
const engine = () => (sqlJs ??= initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) }))

export interface GpkgRead extends ReadFile {
  sourceCrs: Crs
}

export async function readGpkg(file: Upload, options: ReadOptions): Promise<GpkgRead> {
  const kind = sniff(file.bytes)
  if (kind !== 'sqlite') throw mismatch(file.name, 'GeoPackage', KIND_NAMES[kind])
  const SQL = await engine()
  let db: InstanceType<typeof SQL.Database>
  try {
    db = new SQL.Database(file.bytes)
  } catch (error) {
    throw unreadable(file.name, 'GeoPackage', (error as Error).message)
  }
  try {
    const all = (query: string, params: (string | number)[] = []) => {
      const statement = db.prepare(query)
      statement.bind(params)
      const out: Record<string, unknown>[] = []
      while (statement.step()) out.push(statement.getAsObject())
      statement.free()
      return out
    }
    let tables: Record<string, unknown>[]
    try {
      tables = all(`SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS srs FROM gpkg_contents c
        JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`)
    } catch (error) {
      // A SQLite file without the GeoPackage tables; a damaged one is unreadable (read.ts).
      if (/no such table/i.test((error as Error).message)) throw new ApiError(400, 'gpkg_no_features', msg('import.gpkg_no_features'))
      throw error
    }
    if (!tables.length) throw new ApiError(400, 'gpkg_no_features', msg('import.gpkg_no_features'))
    const chosen = tables.find((t) => String(t.t).toLowerCase() === options.layer) ?? tables[0]
    const table = String(chosen.t)
    const geometryColumn = String(chosen.g)
    const [srs] = all('SELECT organization AS o, organization_coordsys_id AS id, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [Number(chosen.srs)])
    const pk = all(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).filter((c) => Number(c.pk) > 0).map((c) => String(c.name))
    const rows = all(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
    const features = rows.map((r, i) => {
      const properties: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(r)) if (k !== geometryColumn && !pk.includes(k) && v !== null) properties[k] = v
      return { properties, geometry: geometryOf(r[geometryColumn]), row: i + 1 }
    })
    const sourceCrs = options.crs ? crsFromCode(options.crs) : crsOf(srs, maxFirstCoordinate(features.map((f) => f.geometry)))
    const notes = sourceCrs.note ? [sourceCrs.note] : []
    const columns = Object.keys(rows[0] ?? {}).filter((k) => k !== geometryColumn && !pk.includes(k))
    return { format: 'gpkg', rowKind: 'feature', columns, features, crs: sourceCrs.name, notes, problems: [], sourceCrs }
  } finally {
    db.close()
  }
}

function crsOf(srs: Record<string, unknown> | undefined, maxEasting: number): Crs {
  if (!srs) return crsFromCode('EPSG:4326')
  const organization = String(srs.o ?? '').toUpperCase()
  if (organization === 'EPSG') {
    try {
      return crsFromCode(`EPSG:${srs.id}`)
    } catch { /* the definition may still say what it is */ }
  }
  if (typeof srs.d === 'string' && srs.d !== 'undefined' && srs.d.trim() !== '') return crsFromWkt(srs.d, maxEasting)
  return crsFromCode(`${organization}:${srs.id}`)
}

/** A GeoPackage geometry blob: "GP", version, flags (byte order, envelope kind, empty), srs id, envelope, then WKB. */
function geometryOf(blob: unknown): Geometry | null {
  if (!(blob instanceof Uint8Array) || blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return null
  const flags = blob[3]
  if (flags & 0x10) return null
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07] ?? 0
  return wkx.Geometry.parse(Buffer.from(blob.buffer, blob.byteOffset + 8 + envelope, blob.length - 8 - envelope)).toGeoJSON() as Geometry
}
