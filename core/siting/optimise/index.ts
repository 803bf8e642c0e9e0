// Location–allocation (issue 16): choose sites among candidates and say who goes where.
export * from './problem.ts'
export { prepare, OptimiseInputError, FORBIDDEN, type Prepared } from './prepare.ts'
export { evaluate, type Allocation, type Evaluation } from './allocate.ts'
export { greedy } from './greedy.ts'
export { vertexSubstitution, mulberry32 } from './substitution.ts'
export { buildLp, readLp, type LpModel, type LpOutcome, type LpRunner, type LpRunOptions } from './lp.ts'
export * from './solve.ts'
