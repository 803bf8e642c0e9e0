import type { Highs } from 'highs'
import type { LpOutcome, LpRunner } from './lp.ts'

// The MIP solver: HiGHS (WebAssembly) over the LP text. The loaded module is passed in, so this file
// costs nothing to whoever does not solve exactly (the web app never loads it).

export function highsRunner(highs: Highs): LpRunner {
  return async (text, options) => {
    const model = highs.createModel({ format: 'lp', data: text })
    try {
      model.options.set({ output_flag: false, time_limit: options.timeLimitS, mip_rel_gap: Math.max(1e-7, options.relativeGap ?? 0), presolve: options.presolve === false ? 'off' : 'choose' })
      if (options.start && options.start.size) {
        const indices: number[] = []
        const values: number[] = []
        for (const [name, value] of options.start) {
          try { indices.push(model.getColByName(name)); values.push(value) } catch { /* not a column of this model */ }
        }
        const order = indices.map((_, k) => k).sort((a, b) => indices[a] - indices[b])
        try { model.setSolution({ indices: order.map((k) => indices[k]), values: order.map((k) => values[k]) }) } catch { /* a start HiGHS refuses is only a lost hint */ }
      }
      const types = highs.constants.callbackType
      model.run({
        [types.mipLogging](event) {
          const d = event.data
          options.onProgress?.({ bound: d.mip_dual_bound ?? null, incumbent: d.mip_primal_bound ?? null, gap: d.mip_gap ?? null })
          return undefined
        },
        [types.mipInterrupt](event) {
          if (options.shouldStop?.()) event.interrupt()
          return undefined
        },
      })
      const status = model.getModelStatus()
      const codes = highs.constants.modelStatus
      const solution = model.getSolution()
      const values = new Map<string, number>()
      const hasSolution = status === codes.optimal || ((status === codes.timeLimit || status === codes.interrupted) && Number(info(model, 'primal_solution_status')) === 2)
      if (hasSolution) {
        for (let c = 0; c < solution.colValue.length; c++) {
          const v = solution.colValue[c]
          if (Math.abs(v) > 1e-9) values.set(model.getColName(c), v)
        }
      }
      let reducedCosts: Map<string, number> | undefined
      if (options.reducedCosts && status === codes.optimal && solution.colDual) {
        reducedCosts = new Map()
        for (let c = 0; c < solution.colDual.length; c++) reducedCosts.set(model.getColName(c), solution.colDual[c])
      }
      const bound = info(model, 'mip_dual_bound')
      const outcome: LpOutcome = {
        status: status === codes.optimal ? 'optimal' : status === codes.infeasible ? 'infeasible' : status === codes.timeLimit ? 'time_limit'
          : status === codes.interrupted ? 'interrupted' : 'other',
        objective: hasSolution ? model.getObjectiveValue() : null,
        bound: typeof bound === 'number' && Number.isFinite(bound) ? bound : null,
        values,
        reducedCosts,
        detail: String(status),
      }
      return outcome
    } finally {
      model.dispose()
    }
  }
}

function info(model: { info: { get(name: string): number | bigint } }, name: string): number | bigint | null {
  try { return model.info.get(name) } catch { return null }
}
