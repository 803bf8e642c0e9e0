// Draws the marker icons locally (no sprite URL: the app runs offline).
import type { Map as MapLibreMap } from 'maplibre-gl'
import { SHAPES, type IconSpec } from './shapes'

const PIXEL_RATIO = 2

/** Draws one icon into RGBA pixels with a stroke that stays inside the image. */
export function renderIcon(spec: IconSpec, pixelRatio = PIXEL_RATIO): ImageData {
  const px = Math.ceil(spec.size * pixelRatio)
  const canvas = document.createElement('canvas')
  canvas.width = px
  canvas.height = px
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('Canvas 2D is not available to draw map icons')
  const scale = px / 24
  ctx.scale(scale, scale)
  const path = new Path2D(SHAPES[spec.shape])
  // Shrink a little so the stroke is not clipped at the edge.
  ctx.translate(12, 12)
  ctx.scale(0.86, 0.86)
  ctx.translate(-12, -12)
  ctx.fillStyle = spec.fill
  ctx.fill(path)
  ctx.lineJoin = 'round'
  ctx.lineWidth = 1.8
  ctx.strokeStyle = spec.stroke
  ctx.stroke(path)
  return ctx.getImageData(0, 0, px, px)
}

/** Adds the icon MapLibre asks for, if it is one of ours. */
export function addMissingIcon(map: MapLibreMap, id: string, icons: ReadonlyMap<string, IconSpec>): void {
  const spec = icons.get(id)
  if (!spec || map.hasImage(id)) return
  map.addImage(id, renderIcon(spec), { pixelRatio: PIXEL_RATIO })
}
