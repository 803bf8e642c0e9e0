// vt-pbf ships no types: the one function the tiles use.
declare module 'vt-pbf' {
  interface Options {
    version?: number
    extent?: number
  }
  function fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: Options): Uint8Array
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt }
  export default vtpbf
}
