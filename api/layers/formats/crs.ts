import proj4 from 'proj4'
import gcoord from 'gcoord'
import type { Geometry, Position } from 'geojson'
import { msg } from '../../../core/messages/catalogue.ts'
import { findGaussKruger, gaussKrugerByEpsg, proj4Definition, type GaussKruger } from '../../../core/format/crs.ts'
import { issue, type Issue } from '../validate.ts'
import { unknownCrs } from './errors.ts'

// A file's coordinate system, recognised from a .prj or GeoPackage WKT (parsed by proj4), an EPSG
// code, or the user's choice: longitude/latitude on WGS84 or CGCS2000 (EPSG:4326 = EPSG:4490 here),
// or a CGCS2000 Gauss-Krüger zone (EPSG:4491–4554, transformed with proj4). Anything else is refused
// naming what was found.

export interface Crs {
  /** `EPSG:4490`, `EPSG:4526`. */
  name: string
  zone?: GaussKruger
  /** What the file said, where it differed from what it is read as (a missing zone prefix). */
  note?: Issue
}

export const LONLAT: Crs = { name: 'EPSG:4326' }

const CGCS2000_A = 6378137
const TMERC = new Set(['tmerc', 'etmerc', 'gauss_kruger', 'gauss kruger', 'transverse_mercator', 'transverse mercator', 'extended_transverse_mercator'])

/** A chosen or declared code: `EPSG:4526`, `4526`, `urn:ogc:def:crs:EPSG::4490`. */
export function crsFromCode(code: string): Crs {
  const m = /(?:^|[:])(\d{4,5})$/.exec(code.trim()) ?? /^(\d{4,5})$/.exec(code.trim())
  const epsg = m ? Number(m[1]) : NaN
  if (epsg === 4326 || epsg === 4490) return { name: `EPSG:${epsg}` }
  const zone = gaussKrugerByEpsg(epsg)
  if (zone) return { name: `EPSG:${epsg}`, zone }
  if (/crs84$/i.test(code.trim())) return LONLAT
  throw unknownCrs(code)
}

/** A WKT (.prj, gpkg_spatial_ref_sys.definition); `maxEasting` from the data finds a zone prefix the WKT forgot. */
export function crsFromWkt(wkt: string, maxEasting?: number): Crs {
  let p: Record<string, any>
  try {
    p = proj4.Proj(wkt) as unknown as Record<string, any>
  } catch {
    throw unknownCrs(wkt)
  }
  const name = String(p.srsCode ?? p.name ?? wkt.slice(0, 80))
  const grs80Like = Math.abs((p.a ?? 0) - CGCS2000_A) < 0.5 && Math.abs((p.rf ?? 0) - 298.2572) < 0.001
  if (p.projName === 'longlat') {
    if (grs80Like || ['wgs84', 'china_2000'].includes(String(p.datumCode).toLowerCase())) {
      return { name: /2000|cgcs/i.test(name) ? 'EPSG:4490' : 'EPSG:4326' }
    }
    throw unknownCrs(name)
  }
  const projection = String(p.projName ?? '').toLowerCase()
  const cgcs = /2000|cgcs|china_2000/i.test(`${name} ${p.datumCode ?? ''} ${p.GEOGCS?.name ?? ''}`)
  if (!TMERC.has(projection) || !grs80Like || !cgcs || Math.abs((p.k0 ?? 1) - 1) > 1e-9 || Math.abs(p.lat0 ?? 0) > 1e-9 || Math.abs(p.y0 ?? 0) > 1e-6 || (p.to_meter ?? 1) !== 1) {
    throw unknownCrs(name)
  }
  const centralMeridian = Math.round(((p.long0 ?? 0) * 180) / Math.PI * 1e6) / 1e6
  const zone = findGaussKruger(centralMeridian, p.x0 ?? 0, { name, maxEasting })
  if (!zone) throw unknownCrs(name)
  const crs: Crs = { name: `EPSG:${zone.epsg}`, zone }
  if (Math.abs((p.x0 ?? 0) - 500_000) < 1e-6 && zone.prefixed) {
    crs.note = issue(null, 'crs', 'zone_prefix_in_data', msg('import.zone_prefix_in_data', { zone: zone.zone, crs: crs.name }))
  }
  return crs
}

/** Positions in a Gauss-Krüger zone to longitude/latitude; lon/lat as they are. Heights are dropped. */
export function toLonLat(crs: Crs): (p: Position) => Position {
  if (!crs.zone) return (p) => [p[0], p[1]]
  const converter = proj4(proj4Definition(crs.zone), 'EPSG:4326')
  return (p) => {
    const [lon, lat] = converter.forward([p[0], p[1]])
    return [round(lon), round(lat)]
  }
}

/** GCJ-02 (the coordinates of Chinese web maps) to WGS84. */
export function fromGcj02(p: Position): Position {
  const [lon, lat] = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return [round(lon), round(lat)]
}

/** Nine decimals: a tenth of a millimetre, so that a transformed file stays readable. */
const round = (v: number) => Math.round(v * 1e9) / 1e9

/** Apply a position function to every position of a geometry (a new geometry; the input is not changed). */
export function mapGeometry(g: Geometry, f: (p: Position) => Position): Geometry {
  const deep = (c: any, depth: number): any => (depth === 0 ? f(c as Position) : (c as any[]).map((x) => deep(x, depth - 1)))
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: deep(g.coordinates, 0) }
    case 'MultiPoint': return { type: 'MultiPoint', coordinates: deep(g.coordinates, 1) }
    case 'LineString': return { type: 'LineString', coordinates: deep(g.coordinates, 1) }
    case 'MultiLineString': return { type: 'MultiLineString', coordinates: deep(g.coordinates, 2) }
    case 'Polygon': return { type: 'Polygon', coordinates: deep(g.coordinates, 2) }
    case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: deep(g.coordinates, 3) }
    case 'GeometryCollection': return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapGeometry(x, f)) }
  }
}

/** The largest first coordinate of some geometries (to see a zone prefix in eastings). */
export function maxFirstCoordinate(geometries: (Geometry | null)[]): number {
  let max = -Infinity
  for (const g of geometries) if (g) mapGeometry(g, (p) => { if (p[0] > max) max = p[0]; return p })
  return max
}
