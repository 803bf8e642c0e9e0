// The words of the ledgers the server writes (GET /api/ledgers/:kind), in Chinese as a county office
// writes them: the same as the web app's zh-CN texts for the exports it makes in the browser.
import type { VillageState } from '../contract/exit.ts'
import type { BuildoutExportText } from './projects.ts'
import type { RelocationText } from './relocation.ts'
import type { ExitExportText } from './villages.ts'

const EXIT_COLUMNS: Record<string, string> = {
  code: '代码', village: '村', township: '乡镇', state: '状态', households: '总户数', poorHouseholds: '贫困户数',
  population: '总人口', poorPopulation: '贫困人口', plannedExitYear: '计划退出年份', exitYear: '退出年份', problems: '数据问题',
  failing: '未达标指标', metSuffix: '是否达标', villages: '村数', poorVillages: '贫困村', exited: '已退出贫困村',
  exitedShare: '退出比例', incidence: '贫困发生率',
}
/**
 * The village ledger's columns that are a village's own properties, as the import reads a ledger back
 * (its other columns, the state and the criteria, are judged, not data).
 */
export const VILLAGE_LEDGER_HEADERS: Readonly<Record<string, string>> = {
  [EXIT_COLUMNS.code]: 'code', [EXIT_COLUMNS.village]: 'name', [EXIT_COLUMNS.households]: 'households',
  [EXIT_COLUMNS.poorHouseholds]: 'poorHouseholds', [EXIT_COLUMNS.population]: 'population',
  [EXIT_COLUMNS.poorPopulation]: 'poorPopulation', [EXIT_COLUMNS.plannedExitYear]: 'plannedExitYear', [EXIT_COLUMNS.exitYear]: 'exitYear',
}
const STATES: Record<VillageState, string> = { not_poor: '非贫困村', in_progress: '推进中', behind: '滞后', ready: '达到退出条件', exited: '已退出' }
const CRITERIA: Record<string, string> = {
  incidence: '贫困发生率', road: '通硬化路', water: '饮水安全', electricity: '通电', broadband: '通宽带', clinic: '卫生室', cultural_room: '文化活动室',
}
const PROBLEMS: Record<string, string> = {
  population_zero: '人口为 0', unknown_poor_village: '是否贫困村未填写', unknown_poor_population: '贫困人口未填写',
  unknown_electricity: '是否通电未填写', unknown_broadband: '是否通宽带未填写', unknown_clinic: '是否有卫生室未填写(且范围内无卫生室)',
  unknown_cultural_room: '是否有文化活动室未填写',
}

export function villageLedgerWords(region: string, year: number): ExitExportText & { townshipTitle: (name: string) => string } {
  return {
    column: (key) => EXIT_COLUMNS[key] ?? key,
    sheet: (key) => ({ ledger: '村级台账', behind: '滞后村', townships: '乡镇汇总' })[key],
    title: (key) => ({
      ledger: `${region}贫困村退出台账(${year}年末)`,
      behind: `${region}滞后于计划的村庄(${year}年末)`,
      townships: `${region}各乡镇退出汇总(${year}年末)`,
    })[key],
    townshipTitle: (name) => `${name}贫困村退出台账(${year}年末)`,
    state: (s) => STATES[s],
    criterionName: (id) => CRITERIA[id] ?? id,
    problem: (id) => PROBLEMS[id] ?? (id.startsWith('unsupported_') ? `指标“${CRITERIA[id.slice(12)] ?? id.slice(12)}”无法由现有数据判断` : id),
    pass: (pass) => (pass === true ? '达标' : pass === false ? '未达标' : '未知'),
    bool: (value) => (value === true ? '是' : value === false ? '否' : '未知'),
    unit: (kind) => (kind === 'ratio' ? '(%)' : '(米)'),
  }
}

const PROJECT_COLUMNS: Record<string, string> = {
  code: '代码', name: '项目', layer: '类型', township: '乡镇', status: '状态', progress: '进度', overdue: '逾期',
  lengthKm: '长度(公里)', plannedStart: '计划开工', plannedEnd: '计划完工', actualStart: '实际开工', actualEnd: '实际完工',
  budgetWan: '预算(万元)', spentWan: '已支出(万元)', wanSuffix: '(万元)', contractor: '施工单位', total: '合计',
  projects: '项目数', started: '已开工', completed: '已完工', startRate: '开工率', completionRate: '完成率',
  roadKmBuilt: '道路建成(公里)', roadKmHardened: '硬化路(公里)', pipeKmBuilt: '管网建成(公里)',
}
const STATUSES: Record<string, string> = {
  planned: '规划', approved: '已立项', tendered: '已招标', under_construction: '在建', completed: '完工', accepted: '已验收',
}

export function projectLedgerWords(region: string): BuildoutExportText & { townshipTitle: (name: string) => string } {
  return {
    column: (key) => PROJECT_COLUMNS[key] ?? key,
    sheet: (key) => ({ projects: '项目台账', rollup: '汇总' })[key],
    title: (key) => ({ projects: `${region}建设项目台账`, rollup: `${region}建设进度汇总` })[key],
    townshipTitle: (name) => `${name}建设项目台账`,
    type: (layer) => ({ sites: '安置点', roads: '道路', water: '供水' } as Record<string, string>)[layer] ?? layer,
    status: (status) => STATUSES[status] ?? status,
    funding: (source) => ({ state: '中央及省级', sector: '行业部门', self: '群众自筹', other: '其他' } as Record<string, string>)[source] ?? source,
    // The rollup's notes are codes the web app says; the file has none.
    notice: () => '',
    countyRoad: '县道(跨乡镇)',
    yes: '是',
  }
}

const RELOCATION_COLUMNS = {
  villageCode: '迁出村代码', village: '迁出村', township: '乡镇', relocation: '搬迁方式', siteCode: '安置点代码', site: '安置点',
  households: '搬迁户数', persons: '搬迁人口', poorHouseholds: '其中贫困户数', floorArea: '安置房面积(平方米)',
  subsidyWan: '补助资金(万元)', villages: '迁出村数', total: '合计',
} as const

export function relocationLedgerWords(region: string): RelocationText {
  return {
    column: (key) => RELOCATION_COLUMNS[key],
    relocation: (kind) => ({ none: '不搬迁', partial: '部分搬迁', whole: '整村搬迁' } as Record<string, string>)[kind] ?? kind,
    summarySheet: '汇总',
    summaryTitle: `${region}易地扶贫搬迁台账汇总`,
    townshipTitle: (name) => `${name}易地扶贫搬迁台账`,
    noSite: '未落实安置点',
  }
}

export const LEDGER_TITLES_ZH = { villages: '贫困村退出台账', projects: '建设项目台账', relocation: '易地扶贫搬迁台账' } as const
