import { describe, expect, it } from 'vitest'
import { coerceValue, guessLayer, matchColumns, normaliseHeader, typeUnknownColumns } from '../../core/format/columns.ts'
import { SHAPEFILE_FIELD_NAMES } from '../../core/export/shapefile_fields.ts'
import { falseEasting, findGaussKruger, gaussKrugerByEpsg, GAUSS_KRUGER } from '../../core/format/crs.ts'
import { LAYER_SPECS } from '../../core/format/layers.ts'

const spec = (name: string) => LAYER_SPECS.villages.properties.find((p) => p.name === name)!

describe('columns of an imported table', () => {
  it('matches Chinese headers with units, property names in any case and 10-character Shapefile cuts', () => {
    expect(normaliseHeader(' 总户数(户) ')).toBe('总户数')
    expect(normaliseHeader('贫困人口（人）')).toBe('贫困人口')
    expect(matchColumns('villages', ['村代码', '村名', 'TOWNSHIPCODE', '总户数（户）', 'poorPopula', '经度', '纬度', 'WKT', '备注'])).toEqual([
      { header: '村代码', property: 'code' }, { header: '村名', property: 'name' }, { header: 'TOWNSHIPCODE', property: 'townshipCode' },
      { header: '总户数（户）', property: 'households' }, { header: 'poorPopula', property: 'poorPopulation' },
      { header: '经度', role: 'lon' }, { header: '纬度', role: 'lat' }, { header: 'WKT', role: 'wkt' }, { header: '备注' },
    ])
    // "relocation" begins three properties: not a cut of any one of them.
    expect(matchColumns('villages', ['relocation'])).toEqual([{ header: 'relocation', property: 'relocation' }])
    expect(matchColumns('villages', ['relocati_1'])).toEqual([{ header: 'relocati_1' }])
  })

  it('guesses the layer from the columns', () => {
    expect(guessLayer(['村代码', '村名', '乡镇代码', '总户数', '总人口'])).toBe('villages')
    expect(guessLayer(['code', 'name', 'roadClass', 'surface', 'status'])).toBe('roads')
    expect(guessLayer(['代码', '类型', '等级'])).toBe('hazards')
    expect(guessLayer(['foo', 'bar'])).toBeNull()
  })

  it('types cells as the exchange format wants them, and leaves what it cannot read for validation to name', () => {
    expect(coerceValue(spec('households'), '1,204')).toBe(1204)
    expect(coerceValue(spec('households'), ' ')).toBeUndefined()
    expect(coerceValue(spec('households'), '三百')).toBe('三百')
    expect(coerceValue(spec('code'), 360729100201)).toBe('360729100201')
    expect(coerceValue(spec('code'), '360729100201.0')).toBe('360729100201')
    expect(coerceValue(spec('hasClinic'), '是')).toBe(true)
    expect(coerceValue(spec('hasClinic'), '无')).toBe(false)
    expect(coerceValue(spec('hasClinic'), '不详')).toBe('不详')
    expect(coerceValue(spec('plannedExitYear'), '2019年')).toBe(2019)
    expect(coerceValue(spec('plannedExitYear'), new Date('2019-06-30T00:00:00Z'))).toBe(2019)
    expect(coerceValue(LAYER_SPECS.roads.properties.find((p) => p.name === 'plannedStart'), '2024/3/5')).toBe('2024-03-05')
    expect(coerceValue(undefined, ' 备注 ')).toBe('备注')
  })
})

describe('CGCS2000 Gauss-Krüger zones', () => {
  it('lists EPSG:4491–4554 with their meridians and false eastings', () => {
    expect(GAUSS_KRUGER).toHaveLength(64)
    expect(GAUSS_KRUGER.map((z) => z.epsg)).toEqual(Array.from({ length: 64 }, (_, i) => 4491 + i))
    expect(gaussKrugerByEpsg(4526)).toEqual({ epsg: 4526, width: 3, zone: 38, centralMeridian: 114, prefixed: true })
    expect(gaussKrugerByEpsg(4547)).toEqual({ epsg: 4547, width: 3, zone: 38, centralMeridian: 114, prefixed: false })
    expect(gaussKrugerByEpsg(4491)).toMatchObject({ width: 6, zone: 13, centralMeridian: 75 })
    expect(gaussKrugerByEpsg(4501)).toMatchObject({ width: 6, zone: 23, centralMeridian: 135 })
    expect(gaussKrugerByEpsg(4554)).toMatchObject({ width: 3, zone: 45, centralMeridian: 135, prefixed: false })
    expect(falseEasting(gaussKrugerByEpsg(4526)!)).toBe(38_500_000)
    expect(falseEasting(gaussKrugerByEpsg(4497)!)).toBe(19_500_000)
  })

  it('finds the zone from a definition, and a prefix the definition forgot from the data', () => {
    expect(findGaussKruger(114, 38_500_000)?.epsg).toBe(4526)
    expect(findGaussKruger(114, 500_000)?.epsg).toBe(4547)
    expect(findGaussKruger(111, 19_500_000)?.epsg).toBe(4497)
    expect(findGaussKruger(111, 500_000, { name: 'CGCS2000_6_Degree_GK_CM_111E' })?.epsg).toBe(4508)
    expect(findGaussKruger(111, 500_000)?.epsg).toBe(4546)
    expect(findGaussKruger(114, 500_000, { maxEasting: 38_563_818 })?.epsg).toBe(4526)
    expect(findGaussKruger(114.5, 500_000)).toBeUndefined()
  })
})

describe('columns as our own exports write them', () => {
  it('reads every Shapefile field name of the export table back as its property', () => {
    for (const layer of Object.keys(LAYER_SPECS) as (keyof typeof LAYER_SPECS)[]) {
      const properties = LAYER_SPECS[layer].properties.map((p) => p.name)
      const fields = properties.map((p) => SHAPEFILE_FIELD_NAMES[p])
      expect(fields.every(Boolean), layer).toBe(true)
      expect(matchColumns(layer, fields).map((m) => m.property), layer).toEqual(properties)
    }
    expect(matchColumns('villages', ['twpCode', 'poorHh', 'PLANEXITYR'])).toEqual([
      { header: 'twpCode', property: 'townshipCode' }, { header: 'poorHh', property: 'poorHouseholds' }, { header: 'PLANEXITYR', property: 'plannedExitYear' },
    ])
  })

  it('types an unknown text column only when every value is a plain number, or true/false', () => {
    const rows = typeUnknownColumns('villages', [
      { code: '1', households: 3, score: '12.5', no: '007', ok: 'true', mixed: '1', note: '山区' },
      { code: '2', score: '-3', no: '12', ok: 'false', mixed: 'a' },
    ])
    expect(rows).toEqual([
      { code: '1', households: 3, score: 12.5, no: '007', ok: true, mixed: '1', note: '山区' },
      { code: '2', score: -3, no: '12', ok: false, mixed: 'a' },
    ])
  })
})
