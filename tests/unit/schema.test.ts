import { getTableColumns } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { layerTables } from '../../db/schema/index.ts'
import { defaultSettingRows, settingScopes, SETTING_SPECS } from '../../core/settings/catalogue.ts'
import { LAYER_SPECS, LAYERS } from '../../core/format/layers.ts'

describe('schema against the exchange format', () => {
  it.each(LAYERS)('has a column for every property of %s and no column that is not one', (layer) => {
    const columns = Object.keys(getTableColumns(layerTables[layer] as PgTable))
      .filter((c) => !['extra', 'version', 'updatedAt', 'geom'].includes(c))
    expect(columns.sort()).toEqual(LAYER_SPECS[layer].properties.map((p) => p.name).sort())
  })
})

describe('settings', () => {
  it('resolves county, then province, then default', () => {
    expect(settingScopes('360729100201')).toEqual(['360729', '36', ''])
    expect(settingScopes('520999')).toEqual(['520999', '52', ''])
    expect(settingScopes(undefined)).toEqual([''])
  })

  it('has the defaults of DOMAIN.md', () => {
    const value = (key: string) => SETTING_SPECS.find((s) => s.key === key)?.default
    expect(value('exit.incidenceThreshold')).toBe(0.02)
    expect(value('exit.roadAccessM')).toBe(500)
    expect(value('water.pointServiceRadiusM')).toBe(1000)
    expect(value('water.pipelineServiceM')).toBe(500)
    expect(value('exit.clinicWithinM')).toBe(3000)
    expect(value('siting.catchmentRadiusM')).toBe(5000)
    expect([value('siting.maxRoadM'), value('siting.maxTownshipSeatM'), value('siting.maxSchoolM'), value('siting.maxClinicM')])
      .toEqual([1000, 10000, 5000, 5000])
    expect(value('siting.hazardBufferM')).toBe(200)
    expect(value('relocation.floorAreaPerPersonM2')).toBe(25)
    expect([value('relocation.subsidyPoorHouseholdCny'), value('relocation.subsidyOtherHouseholdCny')]).toEqual([60000, 40000])
    expect(['network.speedCountyHardenedKmh', 'network.speedTownshipHardenedKmh', 'network.speedVillageHardenedKmh',
      'network.speedGravelKmh', 'network.speedEarthKmh'].map(value)).toEqual([40, 30, 25, 15, 8])
    expect(value('network.snapToleranceM')).toBe(20)
    expect(value('import.maxBodyBytes')).toBe(100 * 1024 * 1024)
  })

  it('gives the western provinces a 3 % exit threshold', () => {
    const western = defaultSettingRows().filter((r) => r.key === 'exit.incidenceThreshold' && r.scope !== '')
    expect(western.map((r) => r.scope).sort()).toEqual(['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'])
    expect(new Set(western.map((r) => r.value))).toEqual(new Set([0.03]))
  })
})
