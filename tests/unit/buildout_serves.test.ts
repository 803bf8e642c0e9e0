// What a project serves (api/projects/serves.ts): the rule, with the distance and the setting it
// comes from, as a code the web says in the reader's language.
import { describe, expect, it } from 'vitest'
import type { LayerFeature } from '../../core/contract/layers'
import { english } from '../../core/messages/english'
import type { NumberSettingKey } from '../../core/settings/catalogue'
import { servesRule } from '../../api/projects/serves'

const SETTINGS: Partial<Record<NumberSettingKey, number>> = { 'exit.roadAccessM': 500, 'water.pipelineServiceM': 300, 'water.pointServiceRadiusM': 1000 }
const setting = (key: NumberSettingKey) => SETTINGS[key]!
const feature = (geometry: LayerFeature['geometry'], props: Record<string, unknown> = {}): LayerFeature =>
  ({ type: 'Feature', properties: { code: 'X1', ...props }, geometry })
const line = { type: 'LineString' as const, coordinates: [[114, 24], [114.01, 24]] }
const point = { type: 'Point' as const, coordinates: [114, 24] }

describe('servesRule', () => {
  it('takes a road’s villages within the access distance of exit.roadAccessM', () => {
    const rule = servesRule('roads', feature(line), setting)
    expect(rule).toEqual({ by: 'distance', radiusM: 500, msg: { code: 'projects.serves_road', params: { radiusM: 500, setting: 'exit.roadAccessM' } } })
    expect(english(rule.msg)).toBe('villages within 500 m of the road (exit.roadAccessM)')
  })

  it('takes a pipeline’s within water.pipelineServiceM, a point scheme’s within its own radius or the default', () => {
    expect(servesRule('water', feature(line), setting)).toMatchObject({
      radiusM: 300, msg: { code: 'projects.serves_pipeline', params: { radiusM: 300, setting: 'water.pipelineServiceM' } },
    })
    expect(servesRule('water', feature(point, { serviceRadiusM: 1500 }), setting)).toMatchObject({
      radiusM: 1500, msg: { code: 'projects.serves_scheme', params: { radiusM: 1500 } },
    })
    expect(servesRule('water', feature(point), setting)).toMatchObject({ radiusM: 1000 })
  })

  it('takes a site’s villages by their relocation site, drawn or not', () => {
    expect(servesRule('sites', feature(null), setting)).toEqual({ by: 'site', msg: { code: 'projects.serves_site', params: {} } })
  })

  it('serves nobody from a road not drawn yet', () => {
    expect(servesRule('roads', feature(null), setting)).toEqual({ by: 'none', msg: { code: 'projects.serves_none', params: {} } })
  })
})
