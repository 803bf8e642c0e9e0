// The web app's texts for every code of the server's message catalogue (core/messages), by section.
import type { SectionName } from '../../../core/messages/catalogue'
import * as analysis from './analysis'
import * as errors from './errors'
import * as exit from './exit'
import * as exporting from './export'
import * as fields from './fields'
import * as geometry from './geometry'
import * as importing from './import'
import * as network from './network'
import * as optimise from './optimise'
import * as projects from './projects'
import * as siting from './siting'
import * as startup from './startup'
import type { SectionTexts } from './types'

type CodeTexts = { readonly [S in SectionName]: SectionTexts<S> }

export const codesZhCN: CodeTexts = {
  errors: errors.zhCN, fields: fields.zhCN, import: importing.zhCN, geometry: geometry.zhCN, siting: siting.zhCN,
  projects: projects.zhCN, exit: exit.zhCN, network: network.zhCN, analysis: analysis.zhCN, startup: startup.zhCN, optimise: optimise.zhCN,
  export: exporting.zhCN,
}

export const codesEn: CodeTexts = {
  errors: errors.en, fields: fields.en, import: importing.en, geometry: geometry.en, siting: siting.en,
  projects: projects.en, exit: exit.en, network: network.en, analysis: analysis.en, startup: startup.en, optimise: optimise.en,
  export: exporting.en,
}
