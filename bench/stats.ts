/** Median and spread of repeated timings, in milliseconds. */
export async function time(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; p90: number; runs: number }> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn() // warm-up
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(runs / 2)], p90: samples[Math.floor(runs * 0.9)], runs }
}

export const ms = (value: number) => `${value.toFixed(2)} ms`
