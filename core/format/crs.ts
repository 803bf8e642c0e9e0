// The coordinate systems an import understands, as data: longitude/latitude on WGS84 or CGCS2000
// (EPSG:4326 and EPSG:4490, taken as equal: they differ by centimetres), and the CGCS2000
// Gauss-Krüger zones EPSG:4491–4554 that Chinese survey data comes in. Pure module: the server's
// readers use it to recognise a .prj, a GeoPackage's srs or a user's choice; the web lists the choices.

export interface GaussKruger {
  epsg: number
  /** 3° or 6° zones. */
  width: 3 | 6
  zone: number
  centralMeridian: number
  /** true when the easting carries the zone number in front (38 500 000 rather than 500 000). */
  prefixed: boolean
}

/** Geographic systems taken as WGS84 longitude/latitude. */
export const LONLAT_EPSG = [4326, 4490] as const

/**
 * EPSG:4491–4554 in the registry's order: 6° zones 13–23 with prefix (4491–4501), 6° by central
 * meridian 75°E–135°E without (4502–4512), 3° zones 25–45 with prefix (4513–4533), 3° without (4534–4554).
 */
export const GAUSS_KRUGER: readonly GaussKruger[] = [
  ...Array.from({ length: 11 }, (_, i) => ({ epsg: 4491 + i, width: 6 as const, zone: 13 + i, centralMeridian: 75 + 6 * i, prefixed: true })),
  ...Array.from({ length: 11 }, (_, i) => ({ epsg: 4502 + i, width: 6 as const, zone: 13 + i, centralMeridian: 75 + 6 * i, prefixed: false })),
  ...Array.from({ length: 21 }, (_, i) => ({ epsg: 4513 + i, width: 3 as const, zone: 25 + i, centralMeridian: 75 + 3 * i, prefixed: true })),
  ...Array.from({ length: 21 }, (_, i) => ({ epsg: 4534 + i, width: 3 as const, zone: 25 + i, centralMeridian: 75 + 3 * i, prefixed: false })),
]

export function gaussKrugerByEpsg(epsg: number): GaussKruger | undefined {
  return GAUSS_KRUGER.find((z) => z.epsg === epsg)
}

/** The false easting of a zone: 500 km, with the zone number in the millions when prefixed. */
export function falseEasting(z: GaussKruger): number {
  return (z.prefixed ? z.zone * 1_000_000 : 0) + 500_000
}

/** The proj4 definition of a zone (transverse Mercator on the CGCS2000 ellipsoid, which is GRS80's). */
export function proj4Definition(z: GaussKruger): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${z.centralMeridian} +k=1 +x_0=${falseEasting(z)} +y_0=0 +ellps=GRS80 +units=m +no_defs`
}

/**
 * The zone a Gauss-Krüger system is, from what its definition says: the central meridian, the
 * false easting, and where the name says 3° or 6°. Eastings in the data above 10 000 km carry the
 * zone in front even where the definition says 500 km (a common mistake in exported .prj files).
 */
export function findGaussKruger(centralMeridian: number, falseEastingM: number, hint: { name?: string; maxEasting?: number } = {}): GaussKruger | undefined {
  const name = (hint.name ?? '').toLowerCase()
  const said: 3 | 6 | undefined = /6[_ -]?degree|6度|6°/.test(name) ? 6 : /3[_ -]?degree|3度|3°/.test(name) ? 3 : undefined
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6
  const candidates = GAUSS_KRUGER.filter((z) => near(z.centralMeridian, centralMeridian) && (said === undefined || z.width === said))
  if (near(falseEastingM, 500_000)) {
    const zoneInData = hint.maxEasting !== undefined && hint.maxEasting >= 10_000_000 ? Math.floor(hint.maxEasting / 1_000_000) : undefined
    if (zoneInData !== undefined) return candidates.find((z) => z.prefixed && z.zone === zoneInData)
    // Without a prefix 3° and 6° zones of one meridian are the same projection; the 3° code unless the name says 6°.
    return candidates.filter((z) => !z.prefixed).sort((a, b) => a.width - b.width)[0]
  }
  return candidates.find((z) => z.prefixed && near(falseEasting(z), falseEastingM))
}
