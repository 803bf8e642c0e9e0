declare module 'tokml' {
  import type { FeatureCollection } from 'geojson'
  interface TokmlOptions {
    documentName?: string
    documentDescription?: string
    name?: string
    description?: string
    simplestyle?: boolean
    timestamp?: string
  }
  export default function tokml(geojson: FeatureCollection<any, any>, options?: TokmlOptions): string
}
