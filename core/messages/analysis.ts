import { section } from './define.ts'

// Rules of nearest and coverage answers.
export const analysis = section({
  water_rule: { en: 'each scheme within its serviceRadiusM (points, default {pointSetting}) or {pipelineSetting} (pipelines)', params: { pointSetting: 'setting', pipelineSetting: 'setting' } },
})
