// Marker shapes as SVG path data in a 24×24 box. One definition, drawn twice:
// into MapLibre icons through Path2D (icons.ts) and into legend swatches as inline SVG.

export const SHAPES = {
  circle: 'M12 4a8 8 0 1 1 0 16a8 8 0 1 1 0-16Z',
  square: 'M5 5h14v14H5Z',
  diamond: 'M12 3l9 9l-9 9l-9-9Z',
  triangle: 'M12 3.5l9 16H3Z',
  plus: 'M9 3h6v6h6v6h-6v6H9v-6H3V9h6Z',
  star: 'M12 2.5l2.8 6.1l6.7 0.7l-5 4.5l1.4 6.6L12 17l-5.9 3.4l1.4-6.6l-5-4.5l6.7-0.7Z',
  house: 'M12 3l9 8h-2.5v9.5h-13V11H3Z',
  hexagon: 'M12 3l7.8 4.5v9L12 21l-7.8-4.5v-9Z',
  drop: 'M12 2.5c3.5 5 6.5 8.6 6.5 12a6.5 6.5 0 1 1-13 0c0-3.4 3-7 6.5-12Z',
} as const

export type ShapeName = keyof typeof SHAPES

export interface IconSpec {
  /** Image id used by the style's `icon-image`. */
  id: string
  shape: ShapeName
  fill: string
  stroke: string
  /** Rendered size in CSS pixels. */
  size: number
}
